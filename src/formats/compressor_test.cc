#include "formats/compressor.h"

#include <gtest/gtest.h>

#include "sinks/files/test_util.h"

namespace aq {
namespace {

using files_test::Gunzip;
using files_test::Unzstd;

std::string Compress(Compressor& compressor, const std::vector<std::string>& blocks) {
  compressor.Reset();
  std::string out;
  for (const std::string& block : blocks) {
    auto bytes = compressor.CompressBlock(block);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    if (bytes.ok()) out.append(*bytes);
  }
  auto tail = compressor.Finish();
  EXPECT_TRUE(tail.ok()) << tail.status().ToString();
  if (tail.ok()) out.append(*tail);
  return out;
}

std::vector<std::string> SampleBlocks() {
  std::vector<std::string> blocks;
  for (int b = 0; b < 3; ++b) {
    std::string block;
    for (int i = 0; i < 5000; ++i) block += std::to_string(b * 5000 + i) + ",pm25,12.5,\"a,b\"\n";
    blocks.push_back(block);
  }
  return blocks;
}

TEST(FilesCompressorTest, GzipBlocksAreMembersOfOneValidFile) {
  auto compressor = Compressor::Make(FileCodec::kGzip, -1);
  ASSERT_TRUE(compressor.ok());
  auto blocks = SampleBlocks();
  std::string file = Compress(**compressor, blocks);
  int members = 0;
  EXPECT_EQ(Gunzip(file, &members), blocks[0] + blocks[1] + blocks[2]);
  EXPECT_EQ(members, 3);
  // Reset starts a new, independent file with the same compressor.
  EXPECT_EQ(Gunzip(Compress(**compressor, {"x\n"})), "x\n");
}

TEST(FilesCompressorTest, EmptyGzipFileIsStillValid) {
  auto compressor = Compressor::Make(FileCodec::kGzip, 1);
  ASSERT_TRUE(compressor.ok());
  int members = 0;
  EXPECT_EQ(Gunzip(Compress(**compressor, {}), &members), "");
  EXPECT_EQ(members, 1);
}

TEST(FilesCompressorTest, ZstdIsOneFramePerFile) {
  auto compressor = Compressor::Make(FileCodec::kZstd, -1);
  ASSERT_TRUE(compressor.ok());
  auto blocks = SampleBlocks();
  std::string file = Compress(**compressor, blocks);
  EXPECT_EQ(Unzstd(file), blocks[0] + blocks[1] + blocks[2]);
  EXPECT_EQ(ZSTD_findFrameCompressedSize(file.data(), file.size()), file.size());
  EXPECT_EQ(Unzstd(Compress(**compressor, {"y\n"})), "y\n");
  EXPECT_EQ(Unzstd(Compress(**compressor, {})), "");
}

TEST(FilesCompressorTest, LevelsAreChecked) {
  EXPECT_TRUE(Compressor::Make(FileCodec::kGzip, 12).ok());
  EXPECT_EQ(Compressor::Make(FileCodec::kGzip, 13).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Compressor::Make(FileCodec::kGzip, -2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Compressor::Make(FileCodec::kZstd, 19).ok());
  EXPECT_EQ(Compressor::Make(FileCodec::kZstd, 99).status().code(), StatusCode::kInvalidArgument);
}

TEST(FilesCompressorTest, CodecNames) {
  EXPECT_EQ(*ParseFileCodec("gzip"), FileCodec::kGzip);
  EXPECT_EQ(*ParseFileCodec("zstd"), FileCodec::kZstd);
  EXPECT_EQ(ParseFileCodec("lz4").status().code(), StatusCode::kInvalidArgument);
  EXPECT_STREQ(CodecExtension(FileCodec::kZstd), ".zst");
  EXPECT_STREQ(CodecName(FileCodec::kGzip), "gzip");
}

}  // namespace
}  // namespace aq
