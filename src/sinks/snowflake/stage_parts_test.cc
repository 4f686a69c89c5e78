#include "sinks/snowflake/stage_parts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/local/filesystem.h"
#include "sinks/files/test_util.h"

namespace aq::snowflake {
namespace {

using files_test::FileNames;
using files_test::Gunzip;
using files_test::ReadFile;
using files_test::TempDir;

class StagePartsTest : public ::testing::Test {
 protected:
  std::unique_ptr<StageParts> Make(uint64_t target_part_bytes = 1 << 20, size_t block = 1 << 16) {
    auto parts = StageParts::Make(&fs_, dir_.path() + "/run/", target_part_bytes, block);
    EXPECT_TRUE(parts.ok()) << parts.status().message();
    return std::move(parts).value();
  }
  std::string Part(const std::string& name) {
    return Gunzip(ReadFile(dir_.path() + "/run/" + name));
  }

  TempDir dir_;
  LocalFileSystem fs_;
};

TEST_F(StagePartsTest, NullAndEmptyStringStayApartAndHardValuesAreQuoted) {
  auto parts = Make();
  std::vector<StagedValue> row = {std::nullopt, "", "a,b", "say \"hi\"", "\\N", "x\ny", "plain"};
  ASSERT_TRUE(parts->Add(7, row).ok());
  auto written = parts->Close();
  ASSERT_TRUE(written.ok()) << written.status().message();
  ASSERT_EQ(written->size(), 1u);
  EXPECT_EQ((*written)[0].name, "part-00000.csv.gz");
  EXPECT_EQ((*written)[0].columns, 7u);
  EXPECT_EQ((*written)[0].rows, 1u);
  EXPECT_EQ(Part("part-00000.csv.gz"),
            "AQPIPE_ORDINAL,C0,C1,C2,C3,C4,C5,C6\n"
            "7,,\"\",\"a,b\",\"say \"\"hi\"\"\",\\N,\"x\ny\",plain\n");
}

TEST_F(StagePartsTest, MoreColumnsStartANewPartWithItsOwnHeader) {
  auto parts = Make();
  std::vector<StagedValue> two = {"1", "a"};
  std::vector<StagedValue> three = {"2", "b", "c"};
  ASSERT_TRUE(parts->Add(1, two).ok());
  ASSERT_TRUE(parts->Add(2, two).ok());
  ASSERT_TRUE(parts->Add(3, three).ok());
  auto written = parts->Close();
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(written->size(), 2u);
  EXPECT_EQ((*written)[0].rows, 2u);
  EXPECT_EQ((*written)[1].columns, 3u);
  EXPECT_EQ(parts->rows(), 3u);
  EXPECT_EQ(Part("part-00000.csv.gz"), "AQPIPE_ORDINAL,C0,C1\n1,1,a\n2,1,a\n");
  EXPECT_EQ(Part("part-00001.csv.gz"), "AQPIPE_ORDINAL,C0,C1,C2\n3,2,b,c\n");
}

TEST_F(StagePartsTest, APartIsClosedAtTheTargetSizeAndBlocksAreGzipMembers) {
  auto parts = Make(/*target_part_bytes=*/1, /*block=*/1);
  std::vector<StagedValue> row = {"v"};
  for (uint64_t i = 1; i <= 3; ++i) ASSERT_TRUE(parts->Add(i, row).ok());
  auto written = parts->Close();
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(written->size(), 3u);
  int members = 0;
  EXPECT_EQ(Gunzip(ReadFile(dir_.path() + "/run/part-00002.csv.gz"), &members),
            "AQPIPE_ORDINAL,C0\n3,v\n");
  EXPECT_GE(members, 1);
}

TEST_F(StagePartsTest, DeleteRemovesEveryPartAndAnUnclosedPartIsNeverPublished) {
  {
    auto abandoned = Make();
    std::vector<StagedValue> row = {"v"};
    ASSERT_TRUE(abandoned->Add(1, row).ok());
  }
  EXPECT_TRUE(!std::filesystem::exists(dir_.path() + "/run") ||
              FileNames(dir_.path() + "/run").empty());
  auto parts = Make();
  std::vector<StagedValue> one = {"v"};
  std::vector<StagedValue> two = {"v", "w"};
  ASSERT_TRUE(parts->Add(1, one).ok());
  ASSERT_TRUE(parts->Add(2, two).ok());
  ASSERT_TRUE(parts->Close().ok());
  EXPECT_EQ(FileNames(dir_.path() + "/run").size(), 2u);
  parts->Delete();
  EXPECT_TRUE(FileNames(dir_.path() + "/run").empty());
}

}  // namespace
}  // namespace aq::snowflake
