#include "pipeline/shard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace aq {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ParseShard, AcceptsZeroBasedIndexBelowCount) {
  ASSERT_TRUE(ParseShard("0/1").ok());
  EXPECT_EQ(*ParseShard("3/4"), (ShardSpec{3, 4}));
}

TEST(ParseShard, RefusesIndexAtCountZeroCountAndJunk) {
  for (const char* bad : {"4/4", "1/0", "0", "a/2", "1/2x", "-1/2", "/", ""}) {
    Result<ShardSpec> shard = ParseShard(bad);
    ASSERT_FALSE(shard.ok()) << bad;
    EXPECT_EQ(shard.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ShardFromEnvironment, NoneSetIsNoShard) {
  Result<std::optional<ShardSpec>> shard = ShardFromEnvironment(FakeEnv({}));
  ASSERT_TRUE(shard.ok());
  EXPECT_FALSE(shard->has_value());
}

TEST(ShardFromEnvironment, BatchArrayJob) {
  auto shard = ShardFromEnvironment(
      FakeEnv({{"AWS_BATCH_JOB_ARRAY_INDEX", "2"}, {"AWS_BATCH_JOB_ARRAY_SIZE", "3"}}));
  ASSERT_TRUE(shard.ok());
  EXPECT_EQ(**shard, (ShardSpec{2, 3}));
}

TEST(ShardFromEnvironment, KubernetesIndexedJob) {
  auto shard =
      ShardFromEnvironment(FakeEnv({{"JOB_COMPLETION_INDEX", "1"}, {"AQPIPE_SHARD_COUNT", "4"}}));
  ASSERT_TRUE(shard.ok());
  EXPECT_EQ(**shard, (ShardSpec{1, 4}));
}

TEST(ShardFromEnvironment, HalfSetNamesTheMissingVariable) {
  auto shard = ShardFromEnvironment(FakeEnv({{"JOB_COMPLETION_INDEX", "1"}}));
  ASSERT_FALSE(shard.ok());
  EXPECT_NE(shard.status().message().find("AQPIPE_SHARD_COUNT"), std::string::npos);
}

TEST(ShardFromEnvironment, IndexOutOfRangeIsRefused) {
  auto shard = ShardFromEnvironment(
      FakeEnv({{"AWS_BATCH_JOB_ARRAY_INDEX", "3"}, {"AWS_BATCH_JOB_ARRAY_SIZE", "3"}}));
  EXPECT_FALSE(shard.ok());
}

std::vector<ObjectInfo> Listing() {
  std::vector<ObjectInfo> objects;
  objects.reserve(11);
  for (int i = 0; i < 11; ++i) {
    objects.push_back({"raw/f" + std::to_string(i) + ".json", uint64_t(100 * (i % 4 + 1)), "v"});
  }
  return objects;
}

TEST(ShardShare, SharesAreDisjointAndCoverEveryObject) {
  for (uint32_t count : {1u, 3u, 4u, 20u}) {
    std::multiset<std::string> seen;
    for (uint32_t i = 0; i < count; ++i) {
      for (const ObjectInfo& o : ShardShare(Listing(), {i, count})) seen.insert(o.path);
    }
    EXPECT_EQ(seen.size(), Listing().size()) << count;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << count;
  }
}

TEST(ShardShare, StableWhateverTheListingOrder) {
  std::vector<ObjectInfo> reversed = Listing();
  std::reverse(reversed.begin(), reversed.end());
  for (uint32_t i = 0; i < 3; ++i) {
    std::vector<std::string> a, b;
    for (const auto& o : ShardShare(Listing(), {i, 3})) a.push_back(o.path);
    for (const auto& o : ShardShare(reversed, {i, 3})) b.push_back(o.path);
    EXPECT_EQ(a, b);
  }
}

TEST(ShardFolder, RoundTrips) {
  EXPECT_EQ(ShardPrefix("s3://b/run1", {2, 4}), "s3://b/run1/shard-2-of-4/");
  EXPECT_EQ(ShardPrefix("stage/", {0, 1}), "stage/shard-0-of-1/");
  EXPECT_EQ(ParseShardFolder("shard-2-of-4/"), (ShardSpec{2, 4}));
  EXPECT_FALSE(ParseShardFolder("shard-4-of-4").has_value());
  EXPECT_FALSE(ParseShardFolder("part-0001.csv.gz").has_value());
}

}  // namespace
}  // namespace aq
