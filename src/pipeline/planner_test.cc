#include "pipeline/planner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/local/filesystem.h"
#include "testing/test_util.h"

namespace aq {
namespace {

using testing::TempDir;
using testing::WriteFile;

class PlannerTest : public ::testing::Test {
 protected:
  SourceObject Object(const std::string& name, const std::string& bytes) {
    std::string path = dir_.File(name);
    WriteFile(path, bytes);
    auto info = fs_.Stat(path);
    EXPECT_TRUE(info.ok()) << info.status().ToString();
    return {&fs_, *info};
  }

  static std::string JsonLines(size_t records) {
    std::string s;
    for (size_t i = 0; i < records; ++i) {
      s += "{\"locationId\":" + std::to_string(i) + ",\"parameter\":\"pm25\",\"value\":1.5}\n";
    }
    return s;
  }

  TempDir dir_;
  LocalFileSystem fs_;
};

TEST_F(PlannerTest, SmallFilesAreReadWhole) {
  std::vector<SourceObject> objects = {Object("a.jsonl", JsonLines(3)),
                                       Object("b.jsonl", JsonLines(5))};
  auto units = PlanWorkUnits(objects, 1 << 20);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->size(), 2u);
  for (uint32_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*units)[i].object, i);
    EXPECT_EQ((*units)[i].begin, 0u);
    EXPECT_EQ((*units)[i].end, kToEnd);
    EXPECT_TRUE((*units)[i].first_range);
  }
}

TEST_F(PlannerTest, FileUnderOneAndAHalfSplitSizesIsNotSplit) {
  std::string data = JsonLines(20);
  std::vector<SourceObject> objects = {Object("a.jsonl", data)};
  auto units = PlanWorkUnits(objects, data.size() * 2 / 3 + 1);
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].end, kToEnd);
}

TEST_F(PlannerTest, BigPlainJsonLinesIsSplitIntoRangesCoveringTheFileExactly) {
  std::string data = JsonLines(400);
  std::vector<SourceObject> objects = {Object("small.jsonl", JsonLines(2)),
                                       Object("big.jsonl", data)};
  for (uint64_t split : {uint64_t{1000}, uint64_t{1234}, uint64_t{4096}}) {
    auto units = PlanWorkUnits(objects, split);
    ASSERT_TRUE(units.ok()) << units.status().ToString();
    ASSERT_GE(units->size(), 3u);
    EXPECT_EQ((*units)[0].object, 0u);
    EXPECT_EQ((*units)[0].end, kToEnd);
    uint64_t expected_begin = 0;
    for (size_t i = 1; i < units->size(); ++i) {
      const WorkUnit& u = (*units)[i];
      EXPECT_EQ(u.object, 1u);
      EXPECT_EQ(u.begin, expected_begin) << "gap or overlap before range " << i;
      ASSERT_NE(u.end, kToEnd);
      EXPECT_GT(u.end, u.begin);
      EXPECT_LE(u.end - u.begin, split + split / 2) << "range " << i << " too long";
      EXPECT_GE(u.end - u.begin, split / 2) << "range " << i << " too short";
      EXPECT_EQ(u.first_range, i == 1);
      expected_begin = u.end;
    }
    EXPECT_EQ(expected_begin, data.size()) << "ranges must end at the file's size, split " << split;
  }
}

TEST_F(PlannerTest, GzipIsNeverSplit) {
  std::string data = JsonLines(2000);
  std::string gz = testing::Gzip(data);
  ASSERT_GT(gz.size(), 3000u);
  std::vector<SourceObject> objects = {Object("big.jsonl.gz", gz),
                                       Object("big.jsonl.zst", testing::Zstd(data))};
  auto units = PlanWorkUnits(objects, 500);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->size(), 2u);
  for (const auto& u : *units) {
    EXPECT_EQ(u.begin, 0u);
    EXPECT_EQ(u.end, kToEnd);
  }
}

TEST_F(PlannerTest, ArraysEnvelopesAndPrettyObjectsAreNeverSplit) {
  std::string array = "[\n";
  std::string concatenated;
  for (int i = 0; i < 200; ++i) {
    array += std::string(i ? ",\n" : "") + "  {\"locationId\": " + std::to_string(i) + "}";
    concatenated += "{\n  \"locationId\": " + std::to_string(i) + "\n}\n";
  }
  array += "\n]\n";
  std::string envelope = "{\"meta\": {}, \"results\": " + array + "}";
  std::vector<SourceObject> objects = {Object("a.json", array), Object("e.json", envelope),
                                       Object("c.json", concatenated)};
  auto units = PlanWorkUnits(objects, 300);
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 3u);
  for (const auto& u : *units) EXPECT_EQ(u.end, kToEnd);
}

TEST_F(PlannerTest, ZeroSplitBytesNeverSplits) {
  std::vector<SourceObject> objects = {Object("big.jsonl", JsonLines(400))};
  auto units = PlanWorkUnits(objects, 0);
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].end, kToEnd);
}

TEST_F(PlannerTest, StandardInputIsNeverSplitNorPeekedAt) {
  // A stream must not be opened by the planner: its bytes would be gone for the reader.
  class NoOpen : public ForwardingFileSystem {
   public:
    using ForwardingFileSystem::ForwardingFileSystem;
    Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo&, uint64_t, uint64_t) override {
      ADD_FAILURE() << "the planner opened a stream";
      return Internal("opened");
    }
  } no_open(&fs_);
  SourceObject object{&no_open, ObjectInfo{"-", 1ull << 40, "", /*stream=*/true}};
  auto units = PlanWorkUnits({object}, 1000);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].end, kToEnd);
}

}  // namespace
}  // namespace aq
