#include "pipeline/unit_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/test_util.h"

namespace aq {
namespace {

using testing::TempDir;
using testing::WriteFile;

// What UnitReader made of one whole file: rows loaded, rejects with their reasons, notes.
struct UnitOutput {
  size_t rows = 0;
  std::vector<std::string> reject_reasons;
  std::vector<std::string> notes;
  Status status;
};

UnitOutput ReadUnit(const std::string& path, RunOptions options = {}) {
  FileSystemRegistry registry;
  UnitOutput out;
  auto objects = ResolveSources({path}, registry, &out.notes);
  if (!objects.ok()) {
    out.status = objects.status();
    return out;
  }
  ColumnRegistry columns({"id"});
  UnitReader reader(&columns, options);
  out.status = reader.Read((*objects)[0], WorkUnit{}, 0, [&](std::unique_ptr<RecordBatch> batch) {
    out.rows += batch->num_rows();
    for (const auto& reject : batch->rejects) out.reject_reasons.push_back(reject.reason);
    for (const auto& note : batch->notes) out.notes.push_back(note);
    return true;
  });
  return out;
}

TEST(UnitReaderTest, CorruptGzipMessageNamesTheFileOnce) {
  TempDir dir;
  std::string path = dir.File("bad.jsonl.gz");
  std::string gz = testing::Gzip(std::string(2000, ' ') + "{\"id\":1}\n");
  WriteFile(path, gz.substr(0, gz.size() / 2));
  UnitOutput out = ReadUnit(path);
  ASSERT_FALSE(out.status.ok());
  const std::string& message = out.status.message();
  size_t first = message.find(path);
  ASSERT_NE(first, std::string::npos) << message;
  EXPECT_EQ(message.find(path, first + 1), std::string::npos) << "path twice: " << message;
}

TEST(UnitReaderTest, Utf16FileIsRefusedWithAHintToConvertIt) {
  TempDir dir;
  std::string ascii = "{\"id\":1}\n";
  std::string le = "\xFF\xFE";
  std::string no_bom;
  for (char c : ascii) {
    le += c;
    le += '\0';
    no_bom += '\0';
    no_bom += c;
  }
  for (const std::string& text : {le, no_bom}) {
    std::string path = dir.File("utf16.json");
    WriteFile(path, text);
    UnitOutput out = ReadUnit(path);
    ASSERT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.code(), StatusCode::kCorruptInput);
    EXPECT_NE(out.status.message().find("UTF-16"), std::string::npos) << out.status.message();
    EXPECT_NE(out.status.message().find("convert it to UTF-8"), std::string::npos);
    EXPECT_NE(out.status.message().find(path), std::string::npos);
  }
}

TEST(UnitReaderTest, TruncatedArrayQuarantinesItsTailAndSaysTheFileIsIncomplete) {
  TempDir dir;
  std::string path = dir.File("cut.json");
  WriteFile(path, "[{\"id\":1},{\"id\":2},{\"id\":3,\"x\":");
  UnitOutput out = ReadUnit(path);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, 2u);
  ASSERT_EQ(out.reject_reasons.size(), 1u);
  EXPECT_NE(out.reject_reasons[0].find("the file is incomplete"), std::string::npos);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].find(path + ": the file is incomplete"), std::string::npos)
      << out.notes[0];
  EXPECT_NE(out.notes[0].find("closing ']'"), std::string::npos) << out.notes[0];
}

TEST(UnitReaderTest, ArrayCutBetweenRecordsLoadsThemAndSaysTheFileIsIncomplete) {
  TempDir dir;
  std::string path = dir.File("cut.json");
  WriteFile(path, "[{\"id\":1},{\"id\":2}");
  UnitOutput out = ReadUnit(path);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, 2u);
  EXPECT_TRUE(out.reject_reasons.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].find("the file is incomplete"), std::string::npos);
}

TEST(UnitReaderTest, TrailingTextAfterArrayIsQuarantinedAsTrailingDataNotABoolean) {
  TempDir dir;
  std::string path = dir.File("t.json");
  WriteFile(path, "[{\"id\":1},{\"id\":2}] trailing");
  UnitOutput out = ReadUnit(path);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, 2u);
  ASSERT_EQ(out.reject_reasons.size(), 1u);
  EXPECT_NE(out.reject_reasons[0].find("text after the JSON array's closing ']'"),
            std::string::npos)
      << out.reject_reasons[0];
  EXPECT_TRUE(out.notes.empty());
}

TEST(UnitReaderTest, RecordOverMaxRecordBytesIsRefusedEvenWhenItFitsInAChunk) {
  TempDir dir;
  std::string path = dir.File("big.jsonl");
  std::string big = "{\"id\":2,\"pad\":\"" + std::string(3 << 20, 'x') + "\"}";
  WriteFile(path, "{\"id\":1}\n" + big + "\n{\"id\":3}\n");
  RunOptions options;
  options.chunk_bytes = 8 << 20;
  options.max_record_bytes = 1 << 20;
  UnitOutput out = ReadUnit(path, options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, 2u);
  ASSERT_EQ(out.reject_reasons.size(), 1u);
  EXPECT_NE(out.reject_reasons[0].find("larger than 1 MiB"), std::string::npos)
      << out.reject_reasons[0];
  EXPECT_NE(out.reject_reasons[0].find("--max-record-mib"), std::string::npos);
}

}  // namespace
}  // namespace aq
