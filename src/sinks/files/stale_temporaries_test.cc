#include "sinks/files/stale_temporaries.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "testing/test_util.h"

namespace aq {
namespace {

// The pid of a child that has exited and been reaped: no process has it (until reused).
int DeadPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

void Touch(const std::string& path) { std::ofstream(path) << "half written"; }

TEST(StaleTemporariesTest, OwnerIsThePidInLocalFileSystemsTemporaryNames) {
  EXPECT_EQ(TemporaryFileOwner("part-1.csv.gz.aqpipe-tmp-1234-7"), 1234);
  EXPECT_EQ(TemporaryFileOwner("part-1.csv.gz"), 0);
  EXPECT_EQ(TemporaryFileOwner("x.aqpipe-tmp-abc-1"), 0);
  EXPECT_EQ(TemporaryFileOwner("x.aqpipe-tmp-12"), 0);
  EXPECT_EQ(TemporaryFileOwner("x.aqpipe-tmp-12-"), 0);
}

TEST(StaleTemporariesTest, KilledRunsTemporariesAreRemovedLiveOnesKept) {
  // Killed runs left *.aqpipe-tmp-* files in --output and --rejects that no later run removed.
  testing::TempDir dir;
  std::string stale = dir.File("rejects-1.jsonl.aqpipe-tmp-" + std::to_string(DeadPid()) + "-0");
  // This test binary is named aqpipe_unit_tests: a live aqpipe process.
  std::string live = dir.File("part-2.csv.gz.aqpipe-tmp-" + std::to_string(::getpid()) + "-3");
  std::string other = dir.File("notes.txt");
  for (const auto& path : {stale, live, other}) Touch(path);
  auto removed = RemoveStaleTemporaries(dir.path());
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_EQ(removed->front(), stale);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST(StaleTemporariesTest, MissingDirectoryAndS3LocationsAreNothingToDo) {
  testing::TempDir dir;
  auto missing = RemoveStaleTemporaries(dir.File("nope"));
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
  auto s3 = RemoveStaleTemporaries("s3://bucket/prefix/");
  ASSERT_TRUE(s3.ok());
  EXPECT_TRUE(s3->empty());
}

}  // namespace
}  // namespace aq
