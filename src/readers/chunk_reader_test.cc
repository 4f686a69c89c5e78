#include "readers/chunk_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "testing/test_util.h"

namespace aq {
namespace {

using testing::MakeStream;

struct Rec {
  std::string text;
  uint64_t line;
  uint64_t index;
  bool operator==(const Rec&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Rec& r) {
  return os << "{line " << r.line << ", index " << r.index << ", \"" << r.text << "\"}";
}

struct ReadResult {
  std::vector<Rec> records;
  uint64_t lines = 0;  // sum of lines_consumed over the chunks
  uint64_t bytes = 0;  // sum of bytes_consumed
  size_t chunks = 0;
  Status status;
};

ReadResult ReadAll(ChunkReader& reader) {
  ReadResult out;
  for (;;) {
    Chunk chunk;
    auto more = reader.Next(&chunk);
    if (!more.ok()) {
      out.status = more.status();
      return out;
    }
    if (!*more) return out;
    ++out.chunks;
    // The padding after the data must be readable and blank, as simdjson needs.
    for (size_t i = 0; i < kBufferPadding; ++i) {
      EXPECT_EQ(chunk.buffer->data[chunk.buffer->size + i], ' ');
    }
    for (const auto& r : chunk.records) {
      EXPECT_LE(r.offset + r.length, chunk.buffer->size);
      out.records.push_back({std::string(chunk.text(r)), r.line, r.index});
    }
    out.lines += chunk.lines_consumed;
    out.bytes += chunk.bytes_consumed;
  }
}

ReadResult ReadString(const std::string& data, RecordFormat format, size_t chunk_bytes,
                      size_t max_record_bytes = 64 << 20, size_t max_read = SIZE_MAX) {
  ChunkReader reader(MakeStream(data, max_read), "test.json", format,
                     {chunk_bytes, max_record_bytes});
  return ReadAll(reader);
}

// JSON Lines text with records of many sizes, several bigger than a 64-byte chunk, blank and
// whitespace-only lines, CRLF endings, a BOM and no newline at the end.
std::string MixedJsonLines() {
  std::string s = "\xEF\xBB\xBF";
  for (int i = 0; i < 12; ++i) {
    s += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" +
         std::string(static_cast<size_t>(i * 17 % 150), 'x') + "\"}";
    s += i % 3 == 0 ? "\r\n" : "\n";
    if (i % 4 == 1) s += "\n";
    if (i % 5 == 2) s += "  \t\n";
  }
  s += "{\"last\":true}";
  return s;
}

TEST(ChunkReaderTest, TinyChunksGiveTheSameRecordsAsOneSplitOfTheWholeFile) {
  std::string data = MixedJsonLines();
  ReadResult whole = ReadString(data, RecordFormat::kJsonLines, 1 << 20);
  ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
  ASSERT_EQ(whole.records.size(), 13u);
  EXPECT_EQ(whole.records.back().text, "{\"last\":true}");
  EXPECT_EQ(whole.chunks, 1u);

  for (size_t chunk_bytes : {1, 3, 16, 64, 100}) {
    for (size_t max_read : {size_t{1}, size_t{7}, SIZE_MAX}) {
      ReadResult tiny = ReadString(data, RecordFormat::kJsonLines, chunk_bytes, 64 << 20, max_read);
      ASSERT_TRUE(tiny.status.ok()) << tiny.status.ToString();
      EXPECT_EQ(tiny.records, whole.records)
          << "chunk_bytes " << chunk_bytes << ", max_read " << max_read;
      EXPECT_EQ(tiny.lines, whole.lines);
      EXPECT_EQ(tiny.bytes, data.size());
      if (chunk_bytes == 64) {
        EXPECT_GT(tiny.chunks, 5u);
      }
    }
  }
}

TEST(ChunkReaderTest, LinesConsumedCountsEveryNewline) {
  std::string data = MixedJsonLines();
  ReadResult r = ReadString(data, RecordFormat::kJsonLines, 64);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.lines, static_cast<uint64_t>(std::count(data.begin(), data.end(), '\n')));
}

TEST(ChunkReaderTest, TinyChunksOverEveryStructuredFormat) {
  std::string big(300, 'y');
  struct Case {
    RecordFormat format;
    std::string data;
    size_t records;
  };
  std::vector<Case> cases = {
      {RecordFormat::kJsonArray,
       "[\n  {\"a\": \"" + big + "\"},\n  {\"b\": [1, 2, 3]},\n  {\"c\": \"" + big + "\"}\n]\n", 3},
      {RecordFormat::kEnvelope,
       "{\"meta\": {\"note\": \"" + big + "\"},\n \"results\": [\n{\"a\": 1},\n{\"s\": \"" + big +
           "\"}\n]}",
       2},
      {RecordFormat::kConcatenated, "{\n  \"a\": \"" + big + "\"\n}\n{\n  \"b\": 2\n}\n", 2},
  };
  for (const auto& c : cases) {
    ReadResult whole = ReadString(c.data, c.format, 1 << 20);
    ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
    ASSERT_EQ(whole.records.size(), c.records) << RecordFormatName(c.format);
    ReadResult tiny = ReadString(c.data, c.format, 64, 64 << 20, 5);
    ASSERT_TRUE(tiny.status.ok()) << tiny.status.ToString();
    EXPECT_EQ(tiny.records, whole.records) << RecordFormatName(c.format);
    EXPECT_EQ(tiny.lines, whole.lines) << RecordFormatName(c.format);
  }
}

TEST(ChunkReaderTest, RecordLargerThanMaxRecordBytesIsCutAndMarkedAndTheRestIsRead) {
  std::string data = "{\"a\":1}\n{\"big\":\"" + std::string(5000, 'z') + "\"}\n{\"a\":2}\n";
  for (size_t chunk : {size_t{64}, size_t{1024}, size_t{1 << 16}}) {
    ChunkReader reader(MakeStream(data), "dir/huge.jsonl", RecordFormat::kJsonLines, {chunk, 1024});
    std::vector<std::pair<std::string, SpanProblem>> records;
    uint64_t lines = 0;
    for (;;) {
      Chunk c;
      auto more = reader.Next(&c);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      for (const auto& r : c.records) records.emplace_back(std::string(c.text(r)), r.problem);
      lines += c.lines_consumed;
    }
    ASSERT_EQ(records.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(records[0].first, "{\"a\":1}");
    EXPECT_EQ(records[1].second, SpanProblem::kTooLarge) << "chunk " << chunk;
    EXPECT_EQ(records[1].first.size(), 1024u);
    EXPECT_EQ(records[2].first, "{\"a\":2}");
    EXPECT_EQ(records[2].second, SpanProblem::kNone);
    EXPECT_EQ(lines, 3u);
  }
}

TEST(ChunkReaderTest, OversizedRecordInAnArrayIsSkippedToTheNextElement) {
  std::string big =
      "{\"s\":\"],\\\"\",\"n\":[[1],{\"x\":\"}\"}],\"pad\":\"" + std::string(3000, 'z') + "\"}";
  std::string data = "[\n{\"a\":1},\n" + big + ",\n{\"a\":2}\n]\n";
  ReadResult r = ReadString(data, RecordFormat::kJsonArray, 64, 1024);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_GE(r.records[1].text.size(), 1000u);
  EXPECT_TRUE(big.starts_with(r.records[1].text));
  EXPECT_EQ(r.records[2].text, "{\"a\":2}");
  EXPECT_EQ(r.records[2].line, 3u);
}

TEST(ChunkReaderTest, EnvelopeWhoseHeadHoldsNoRecordIsCorruptInputNamingTheFile) {
  std::string data = "{\"meta\":\"" + std::string(5000, 'm') + "\",\"results\":[{\"a\":1}]}";
  ChunkReader reader(MakeStream(data), "dir/huge.json", RecordFormat::kEnvelope, {64, 1024});
  ReadResult r = ReadAll(reader);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), StatusCode::kCorruptInput);
  EXPECT_NE(r.status.message().find("dir/huge.json"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("--max-record-mib"), std::string::npos) << r.status.message();
}

TEST(ChunkReaderTest, LastChunkOfACutOffArraySaysWhatItLacks) {
  ChunkReader reader(MakeStream("[{\"a\":1},{\"a\":2}"), "cut.json", RecordFormat::kJsonArray,
                     {64, 1024});
  const char* missing = nullptr;
  for (;;) {
    Chunk c;
    auto more = reader.Next(&c);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    if (c.missing_end) missing = c.missing_end;
  }
  EXPECT_NE(missing, nullptr);
}

TEST(ChunkReaderTest, RecordUpToMaxRecordBytesIsRead) {
  std::string big = "{\"big\":\"" + std::string(900, 'z') + "\"}";
  std::string data = "{\"a\":1}\n" + big + "\n{\"a\":2}\n";
  ReadResult r = ReadString(data, RecordFormat::kJsonLines, 64, 1024);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].text, big);
  EXPECT_EQ(r.records[2].line, 2u);
}

TEST(ChunkReaderTest, SplitterErrorsNameTheFile) {
  ChunkReader reader(MakeStream("{\"a\": 1}"), "x/not-array.json", RecordFormat::kJsonArray,
                     {64, 1024});
  ReadResult r = ReadAll(reader);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), StatusCode::kCorruptInput);
  EXPECT_NE(r.status.message().find("x/not-array.json"), std::string::npos) << r.status.message();
}

TEST(ChunkReaderTest, EmptyStreamHasNoChunks) {
  ReadResult r = ReadString("", RecordFormat::kJsonLines, 64);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.records.empty());
}

// Reads the byte range [begin, end) of `data` the way the pipeline does: the stream starts one
// byte early (except at 0) and runs to the end of the file.
ReadResult ReadRange(const std::string& data, uint64_t begin, uint64_t end, size_t chunk_bytes) {
  uint64_t start = begin == 0 ? 0 : begin - 1;
  ChunkReader reader(MakeStream(data.substr(start), 11), "big.jsonl", RecordFormat::kJsonLines,
                     {chunk_bytes, 64 << 20}, begin > 0, end - begin);
  return ReadAll(reader);
}

// Reads `data` as consecutive ranges cut at `cuts`; records get absolute line numbers the way the
// pipeline computes them (each range's lines offset by the lines consumed by the ranges before).
std::vector<Rec> ReadInRanges(const std::string& data, const std::vector<uint64_t>& cuts,
                              size_t chunk_bytes, std::string* failure) {
  std::vector<uint64_t> bounds = {0};
  bounds.insert(bounds.end(), cuts.begin(), cuts.end());
  bounds.push_back(data.size());
  std::vector<Rec> out;
  uint64_t line_base = 0;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    ReadResult r = ReadRange(data, bounds[i], bounds[i + 1], chunk_bytes);
    if (!r.status.ok()) {
      *failure = r.status.ToString();
      return out;
    }
    for (auto rec : r.records) {
      rec.line += line_base;
      rec.index = 0;  // indexes are per range
      out.push_back(rec);
    }
    line_base += r.lines;
  }
  return out;
}

TEST(ChunkReaderTest, ByteRangesAtEveryCutReadEachRecordExactlyOnce) {
  std::string data = MixedJsonLines();
  ReadResult whole_read = ReadString(data, RecordFormat::kJsonLines, 1 << 20);
  ASSERT_TRUE(whole_read.status.ok());
  std::vector<Rec> whole = whole_read.records;
  for (auto& r : whole) r.index = 0;
  ASSERT_EQ(whole.size(), 13u);

  for (size_t chunk_bytes : {size_t{8}, size_t{64}, size_t{1} << 20}) {
    for (uint64_t cut = 0; cut <= data.size(); ++cut) {
      std::string failure;
      std::vector<Rec> got = ReadInRanges(data, {cut}, chunk_bytes, &failure);
      ASSERT_EQ(failure, "") << "cut at " << cut;
      ASSERT_EQ(got, whole) << "cut at " << cut << ", chunk_bytes " << chunk_bytes;
    }
  }
}

TEST(ChunkReaderTest, ThreeByteRangesAtEveryPairOfCutsReadEachRecordExactlyOnce) {
  std::string data = "{\"a\":1}\n\n{\"b\":22}\r\n{\"c\":333}\n   \n{\"d\":4444}\n{\"e\":5}";
  ReadResult whole_read = ReadString(data, RecordFormat::kJsonLines, 1 << 20);
  ASSERT_TRUE(whole_read.status.ok());
  std::vector<Rec> whole = whole_read.records;
  for (auto& r : whole) r.index = 0;
  ASSERT_EQ(whole.size(), 5u);
  for (uint64_t a = 0; a <= data.size(); ++a) {
    for (uint64_t b = a; b <= data.size(); ++b) {
      std::string failure;
      std::vector<Rec> got = ReadInRanges(data, {a, b}, 4, &failure);
      ASSERT_EQ(failure, "") << "cuts " << a << ", " << b;
      ASSERT_EQ(got, whole) << "cuts " << a << ", " << b;
    }
  }
}

TEST(ChunkReaderTest, RangeWhoseOnlyLineStartsBeforeItHasNoRecords) {
  std::string data = "{\"a\":\"" + std::string(100, 'x') + "\"}\n{\"b\":1}\n";
  // [10, 50) lies inside the first line, which starts at 0: nothing is owned.
  ReadResult r = ReadRange(data, 10, 50, 16);
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.records.empty());
}

}  // namespace
}  // namespace aq
