#include "pipeline/progress.h"

#include <gtest/gtest.h>

#include "io/local/filesystem.h"
#include "testing/test_util.h"

namespace aq {
namespace {

Progress At(uint64_t done, uint64_t total_files, uint64_t read, uint64_t total, double seconds) {
  Progress p;
  p.objects_done = done;
  p.objects_total = total_files;
  p.input_bytes_read = read;
  p.input_bytes_total = total;
  p.records = 1234;
  p.seconds = seconds;
  return p;
}

TEST(FormatProgressTest, OneFileReadInTenRangesIsOneFileWithAShareAndTimeLeft) {
  // Before: "0/10 files" for one file split into 10 ranges, no percentage, no ETA.
  EXPECT_EQ(FormatProgress(At(0, 1, 250'000'000, 1'000'000'000, 10)),
            "0/1 files, 25% of 1000.0 MB, about 0:30 left, 1,234 records");
}

TEST(FormatProgressTest, DoneIsHundredPercentWithoutTimeLeft) {
  EXPECT_EQ(FormatProgress(At(3, 3, 1'000'000, 1'000'000, 5)),
            "3/3 files, 100% of 1.0 MB, 1,234 records");
}

TEST(FormatProgressTest, RangesReadingPastTheirEndNeverShowMoreThan99BeforeTheEnd) {
  EXPECT_EQ(FormatProgress(At(1, 2, 2'000'000, 1'000'000, 0.5)),
            "1/2 files, 99% of 1.0 MB, 1,234 records");
}

TEST(FormatProgressTest, LongRunsShowHours) {
  EXPECT_EQ(FormatProgress(At(0, 1, 1'000'000, 100'000'000, 60)),
            "0/1 files, 1% of 100.0 MB, about 1:39:00 left, 1,234 records");
}

TEST(FormatProgressTest, StandardInputHasNoTotalSoNoShare) {
  EXPECT_EQ(FormatProgress(At(0, 1, 12'300'000, 0, 9)), "0/1 files, 12.3 MB read, 1,234 records");
}

TEST(CountingFileSystemTest, CountsTheBytesEveryStreamDelivers) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("a"), "0123456789");
  LocalFileSystem local;
  std::atomic<uint64_t> read{0};
  CountingFileSystem counting(&local, &read);
  auto info = local.Stat(dir.File("a"));
  ASSERT_TRUE(info.ok());
  for (uint64_t offset : {0, 4}) {
    auto stream = counting.OpenRead(*info, offset, kToEnd);
    ASSERT_TRUE(stream.ok());
    char buffer[16];
    while (*(*stream)->Read(buffer, sizeof buffer) > 0) {
    }
  }
  EXPECT_EQ(read.load(), 16u);
}

}  // namespace
}  // namespace aq
