#include "readers/decompress.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/test_util.h"

namespace aq {
namespace {

using testing::Drain;
using testing::Gzip;
using testing::MakeStream;
using testing::Zstd;

// Decodes `raw` (delivered `max_read` bytes per inner Read) and reads it in `block`-byte reads.
Result<std::string> Decode(const std::string& raw, Compression* detected = nullptr,
                           size_t max_read = SIZE_MAX, size_t block = 4096,
                           const std::string& name = "in.bin") {
  AQ_ASSIGN_OR_RETURN(auto stream, OpenDecoded(MakeStream(raw, max_read), name, detected));
  return Drain(*stream, block);
}

std::string SampleText() {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"i\":" + std::to_string(i) + ",\"s\":\"abcdefgh\"}\n";
  return text;
}

TEST(DecompressTest, DetectCompressionByMagicBytes) {
  EXPECT_EQ(DetectCompression("\x1f\x8b"), Compression::kGzip);
  EXPECT_EQ(DetectCompression(std::string("\x28\xb5\x2f\xfd", 4)), Compression::kZstd);
  EXPECT_EQ(DetectCompression("\x1f"), Compression::kNone);
  EXPECT_EQ(DetectCompression(std::string("\x28\xb5\x2f", 3)), Compression::kNone);
  EXPECT_EQ(DetectCompression("{\"a\":1}"), Compression::kNone);
  EXPECT_EQ(DetectCompression(""), Compression::kNone);
  EXPECT_STREQ(CompressionName(Compression::kGzip), "gzip");
  EXPECT_STREQ(CompressionName(Compression::kZstd), "zstd");
  EXPECT_STREQ(CompressionName(Compression::kNone), "none");
}

TEST(DecompressTest, PlainInputPassesThroughUnchanged) {
  for (const std::string& text :
       {std::string(""), std::string("x"), std::string("ab"), std::string("{\"a\":1}\n"),
        std::string("\x1f not gzip"), SampleText()}) {
    Compression detected = Compression::kGzip;
    auto out = Decode(text, &detected, 3, 5);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(*out, text);
    EXPECT_EQ(detected, Compression::kNone);
  }
}

TEST(DecompressTest, GzipIsDecodedWhateverTheReadSizes) {
  std::string text = SampleText();
  std::string gz = Gzip(text);
  ASSERT_GT(gz.size(), 10u);
  for (size_t max_read : {size_t{1}, size_t{3}, size_t{4096}, SIZE_MAX}) {
    for (size_t block : {size_t{1}, size_t{7}, size_t{65536}}) {
      if (max_read == 1 && block == 1) continue;  // slow and adds nothing
      Compression detected = Compression::kNone;
      auto out = Decode(gz, &detected, max_read, block);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      EXPECT_EQ(*out, text) << "max_read " << max_read << ", block " << block;
      EXPECT_EQ(detected, Compression::kGzip);
    }
  }
}

TEST(DecompressTest, GzipMultiMemberIsDecodedAsTheConcatenation) {
  std::string a = "{\"a\":1}\n", b = "{\"b\":2}\n", c = SampleText();
  std::string gz = Gzip(a) + Gzip(b) + Gzip(c);
  const std::string expected = a + b + c;
  for (size_t max_read : {size_t{1}, size_t{5}, SIZE_MAX}) {
    auto out = Decode(gz, nullptr, max_read, 13);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(*out, expected) << "max_read " << max_read;
  }
}

TEST(DecompressTest, GzipOfEmptyTextIsEmpty) {
  auto out = Decode(Gzip("") + Gzip("x"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "x");
}

TEST(DecompressTest, TruncatedGzipIsCorruptInputNamingTheFile) {
  std::string gz = Gzip("{\"a\":1}\n{\"b\":2}\n");
  for (size_t keep = 2; keep < gz.size(); ++keep) {
    auto out = Decode(gz.substr(0, keep), nullptr, SIZE_MAX, 4096, "data/cut.jsonl.gz");
    ASSERT_FALSE(out.ok()) << "kept " << keep << " of " << gz.size() << " bytes";
    EXPECT_EQ(out.status().code(), StatusCode::kCorruptInput) << out.status().ToString();
    EXPECT_NE(out.status().message().find("data/cut.jsonl.gz"), std::string::npos)
        << out.status().message();
  }
}

TEST(DecompressTest, TruncatedSecondGzipMemberIsCorruptInput) {
  std::string second = Gzip("{\"b\":2}\n");
  std::string gz = Gzip("{\"a\":1}\n") + second.substr(0, second.size() - 3);
  auto out = Decode(gz, nullptr, SIZE_MAX, 4096, "two.gz");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(out.status().message().find("two.gz"), std::string::npos);
}

TEST(DecompressTest, CorruptGzipIsCorruptInputNamingTheFile) {
  std::string gz = Gzip(SampleText());
  for (size_t i = 12; i < 40; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  auto out = Decode(gz, nullptr, SIZE_MAX, 4096, "bad.gz");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(out.status().message().find("bad.gz"), std::string::npos) << out.status().message();
}

TEST(DecompressTest, TruncatedGzipSampleFileIsCorruptInput) {
  std::string raw = testing::ReadFile(testing::SourceDir() + "/data/corrupt/truncated.jsonl.gz");
  ASSERT_FALSE(raw.empty());
  auto out = Decode(raw, nullptr, SIZE_MAX, 4096, "truncated.jsonl.gz");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(out.status().message().find("truncated.jsonl.gz"), std::string::npos);
}

TEST(DecompressTest, ZstdIsDecodedWhateverTheReadSizes) {
  std::string text = SampleText();
  std::string zst = Zstd(text);
  ASSERT_FALSE(zst.empty());
  for (size_t max_read : {size_t{1}, size_t{4096}, SIZE_MAX}) {
    for (size_t block : {size_t{3}, size_t{65536}}) {
      Compression detected = Compression::kNone;
      auto out = Decode(zst, &detected, max_read, block);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      EXPECT_EQ(*out, text);
      EXPECT_EQ(detected, Compression::kZstd);
    }
  }
}

TEST(DecompressTest, ZstdConcatenatedFramesAreDecoded) {
  auto out = Decode(Zstd("{\"a\":1}\n") + Zstd("{\"b\":2}\n"), nullptr, 2, 5);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "{\"a\":1}\n{\"b\":2}\n");
}

TEST(DecompressTest, TruncatedZstdIsCorruptInputNamingTheFile) {
  std::string zst = Zstd("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
  for (size_t keep = 4; keep < zst.size(); ++keep) {
    auto out = Decode(zst.substr(0, keep), nullptr, SIZE_MAX, 4096, "data/cut.jsonl.zst");
    ASSERT_FALSE(out.ok()) << "kept " << keep << " of " << zst.size() << " bytes";
    EXPECT_EQ(out.status().code(), StatusCode::kCorruptInput) << out.status().ToString();
    EXPECT_NE(out.status().message().find("data/cut.jsonl.zst"), std::string::npos)
        << out.status().message();
  }
}

TEST(DecompressTest, PrependBytesReplaysTheHeadThenTheRest) {
  auto stream = PrependBytes("head-", MakeStream("rest", 1));
  auto out = Drain(*stream, 2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "head-rest");
}

}  // namespace
}  // namespace aq
