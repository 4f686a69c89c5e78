#include "stage/run_stage.h"

#include <gtest/gtest.h>

#include "io/registry.h"
#include "testing/test_util.h"

namespace aq {
namespace {

// A shard whose manifest has `columns` (name, type) and one part holding those in `with_values`.
StagedShard Shard(uint32_t index, std::vector<std::pair<std::string, std::string>> columns,
                  std::vector<std::string> with_values, std::vector<std::string> key = {"id"}) {
  StagedShard shard;
  shard.shard = {index, 3};
  shard.folder = "stage/shard-" + std::to_string(index) + "-of-3/";
  for (const auto& [name, type] : columns) {
    shard.manifest.columns.push_back({name, type, name, name == "id"});
  }
  shard.manifest.key = std::move(key);
  shard.manifest.parts.push_back({"part-r-00000.csv.gz", 1, 10, std::move(with_values)});
  return shard;
}

TEST(UnifyManifestsTest, WidensBigintWithDoubleAndKeepsFirstAppearanceOrder) {
  auto unified =
      UnifyManifests({Shard(0, {{"id", "bigint"}, {"value", "bigint"}}, {"id", "value"}),
                      Shard(1, {{"id", "bigint"}, {"note", "string"}, {"value", "double"}},
                            {"id", "note", "value"})});
  ASSERT_TRUE(unified.ok()) << unified.status().message();
  ASSERT_EQ(unified->columns.size(), 3u);
  EXPECT_EQ(unified->columns[0].name, "id");
  EXPECT_EQ(unified->columns[1].name, "value");
  EXPECT_EQ(unified->columns[1].type, Type::kDouble);
  EXPECT_EQ(unified->columns[2].name, "note");
  EXPECT_EQ(unified->columns[2].type, Type::kString);
  EXPECT_EQ(unified->key, std::vector<std::string>{"id"});
}

TEST(UnifyManifestsTest, NullOnlyColumnOfOneShardDoesNotTypeIt) {
  // Shard 0 saw only nulls in `value` (listed as string, in no part): shard 1's bigint wins.
  auto unified =
      UnifyManifests({Shard(0, {{"id", "bigint"}, {"value", "string"}}, {"id"}),
                      Shard(1, {{"id", "bigint"}, {"value", "bigint"}}, {"id", "value"})});
  ASSERT_TRUE(unified.ok()) << unified.status().message();
  EXPECT_EQ(unified->columns[1].type, Type::kInt64);
  // Null in every shard: a string column, as in one run.
  auto nulls = UnifyManifests({Shard(0, {{"id", "bigint"}, {"v", "string"}}, {"id"})});
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ(nulls->columns[1].type, Type::kString);
}

TEST(UnifyManifestsTest, RefusesTimestampThatWouldBecomeText) {
  auto unified = UnifyManifests({Shard(0, {{"id", "bigint"}, {"at", "timestamp"}}, {"id", "at"}),
                                 Shard(2, {{"id", "bigint"}, {"at", "string"}}, {"id", "at"})});
  ASSERT_FALSE(unified.ok());
  EXPECT_EQ(unified.status().code(), StatusCode::kDataError);
  EXPECT_NE(unified.status().message().find("timestamp in shard-0-of-3, string in shard-2-of-3"),
            std::string::npos)
      << unified.status().message();
}

TEST(UnifyManifestsTest, RefusesShardsWithDifferentKeys) {
  auto unified = UnifyManifests(
      {Shard(0, {{"id", "bigint"}}, {"id"}, {"id"}), Shard(1, {{"id", "bigint"}}, {"id"}, {})});
  ASSERT_FALSE(unified.ok());
  EXPECT_NE(unified.status().message().find("shard-1-of-3"), std::string::npos);
  // A shard with no rows has no columns and no key: it agrees with anything.
  StagedShard empty;
  empty.shard = {2, 3};
  EXPECT_TRUE(UnifyManifests({Shard(0, {{"id", "bigint"}}, {"id"}), empty}).ok());
}

class ReadRunStageTest : public ::testing::Test {
 protected:
  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(dir_.File(relative)).parent_path());
    testing::WriteFile(dir_.File(relative), text);
  }
  Result<StagedRun> Read() {
    FileSystemRegistry registry;
    return ReadRunStage(dir_.path(), registry);
  }
  // A shard's manifest: one part of one row, read from `source`.
  static std::string Manifest(const std::string& part, const std::string& source = "raw/a.json") {
    return R"({"format":"csv","compression":"gzip","header":true,"run_id":"r",)"
           R"("columns":[{"name":"id","type":"bigint","source_path":"id","key":true}],)"
           R"("key":["id"],"rows":1,"parts":[{"path":")" +
           part + R"(","rows":1,"bytes":3,"columns":["id"]}],)" + R"("sources":[{"path":")" +
           source + R"(","version":"1-2","size":1,"rows":1}]})";
  }
  testing::TempDir dir_;
};

TEST_F(ReadRunStageTest, CompleteStage) {
  for (int i = 0; i < 2; ++i) {
    const std::string folder = "shard-" + std::to_string(i) + "-of-2/";
    Write(folder + "part-r-00000.csv.gz", "x");
    Write(folder + "manifest.json", Manifest("part-r-00000.csv.gz", "raw/" + std::to_string(i)));
  }
  auto run = Read();
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->shards.size(), 2u);
  EXPECT_EQ(run->shards[1].shard, (ShardSpec{1, 2}));
  ASSERT_EQ(run->shards[1].parts.size(), 1u);
  EXPECT_EQ(run->schema.columns.size(), 1u);
}

TEST_F(ReadRunStageTest, NamesMissingAndUnfinishedShards) {
  Write("shard-0-of-3/part-r-00000.csv.gz", "x");
  Write("shard-0-of-3/manifest.json", Manifest("part-r-00000.csv.gz"));
  Write("shard-2-of-3/part-r-00000.csv.gz", "x");  // killed before its manifest
  auto run = Read();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kFailedPrecondition);
  const std::string& message = run.status().message();
  EXPECT_NE(message.find("shard-1-of-3 (no manifest.json"), std::string::npos) << message;
  EXPECT_NE(message.find("shard-2-of-3 (no manifest.json"), std::string::npos) << message;
  EXPECT_EQ(message.find("shard-0-of-3"), std::string::npos) << message;
}

TEST_F(ReadRunStageTest, NamesShardWhosePartIsGone) {
  Write("shard-0-of-1/manifest.json", Manifest("part-r-00000.csv.gz"));
  auto run = Read();
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("shard-0-of-1 (its manifest lists part-r-00000.csv.gz"),
            std::string::npos)
      << run.status().message();
}

TEST_F(ReadRunStageTest, RefusesShardsThatReadTheSameSourceObject) {
  const std::string manifest = Manifest("part-r-00000.csv.gz");
  for (int i = 0; i < 2; ++i) {
    const std::string folder = "shard-" + std::to_string(i) + "-of-2/";
    Write(folder + "part-r-00000.csv.gz", "x");
    Write(folder + "manifest.json", manifest);
  }
  auto run = Read();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(run.status().message().find("shard-0-of-2 and shard-1-of-2 both read raw/a.json"),
            std::string::npos)
      << run.status().message();
}

TEST_F(ReadRunStageTest, RefusesManifestWithoutItsSources) {
  // A plain --output folder's manifest does not say which file each row came from.
  std::string manifest = Manifest("part-r-00000.csv.gz");
  manifest.replace(manifest.find(R"("rows":1}]})"), 11, R"("rows":0}]})");
  Write("shard-0-of-1/part-r-00000.csv.gz", "x");
  Write("shard-0-of-1/manifest.json", manifest);
  auto run = Read();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(run.status().message().find("lists 1 rows but 0 from its sources"), std::string::npos)
      << run.status().message();
}

TEST_F(ReadRunStageTest, RefusesMixedShardCountsAndEmptyStage) {
  EXPECT_EQ(Read().status().code(), StatusCode::kNotFound);
  Write("shard-0-of-1/manifest.json", Manifest("p"));
  Write("shard-0-of-2/manifest.json", Manifest("p"));
  auto run = Read();
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("split 1, 2 ways"), std::string::npos)
      << run.status().message();
}

}  // namespace
}  // namespace aq
