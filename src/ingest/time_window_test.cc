#include "ingest/time_window.h"

#include <gtest/gtest.h>

namespace aq::ingest {
namespace {

TEST(TimeWindowTest, ParsesDatesAndDateTimesAndRejectsOthers) {
  EXPECT_EQ(*ParseInstant("1970-01-02"), 86400);
  EXPECT_EQ(*ParseInstant("2024-01-01T01:00:00+01:00"), *ParseInstant("2024-01-01"));
  EXPECT_EQ(FormatInstant(*ParseInstant("2024-02-29T13:05:00Z")), "2024-02-29T13:05:00Z");
  EXPECT_EQ(CompactInstant(*ParseInstant("2024-02-29T13:05:00Z")), "20240229T130500Z");
  for (const char* bad : {"", "yesterday", "2024-13-01", "2024-02-30"}) {
    EXPECT_EQ(ParseInstant(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(TimeWindowTest, ChunksEndOnMonthStartsWhereverTheWindowBegins) {
  int64_t from = *ParseInstant("2024-01-20T06:00:00Z");
  int64_t to = *ParseInstant("2024-03-02");
  auto chunks = SplitWindow(from, to, ChunkUnit::kMonth);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0], std::make_pair(from, *ParseInstant("2024-02-01")));
  EXPECT_EQ(chunks[1], std::make_pair(*ParseInstant("2024-02-01"), *ParseInstant("2024-03-01")));
  EXPECT_EQ(chunks[2], std::make_pair(*ParseInstant("2024-03-01"), to));
  // Resuming from a chunk end gives the same remaining chunks as the whole window.
  auto resumed = SplitWindow(chunks[1].first, to, ChunkUnit::kMonth);
  EXPECT_EQ(resumed, std::vector(chunks.begin() + 1, chunks.end()));
  EXPECT_EQ(SplitWindow(from, to, ChunkUnit::kYear).size(), 1u);
  EXPECT_TRUE(SplitWindow(to, from, ChunkUnit::kMonth).empty());
  auto december =
      SplitWindow(*ParseInstant("2023-12-31"), *ParseInstant("2024-01-02"), ChunkUnit::kMonth);
  EXPECT_EQ(december.size(), 2u);
}

}  // namespace
}  // namespace aq::ingest
