#include "sinks/views.h"

#include <gtest/gtest.h>

namespace aq {
namespace {

TEST(ParseDayClock, UtcByDefaultAndByName) {
  for (const char* text : {"", "UTC", "utc", "Z", "+00:00"}) {
    auto clock = ParseDayClock(text);
    ASSERT_TRUE(clock.ok()) << text;
    EXPECT_EQ(clock->kind, DayClock::Kind::kUtc) << text;
  }
}

TEST(ParseDayClock, FixedOffsetsInMinutesEastOfUtc) {
  auto east = ParseDayClock("+02:00");
  ASSERT_TRUE(east.ok());
  EXPECT_EQ(east->kind, DayClock::Kind::kFixedOffset);
  EXPECT_EQ(east->offset_minutes, 120);
  auto west = ParseDayClock("-0530");
  ASSERT_TRUE(west.ok());
  EXPECT_EQ(west->offset_minutes, -330);
  EXPECT_EQ(ParseDayClock("+15:00").status().code(), StatusCode::kInvalidArgument);
}

TEST(ParseDayClock, ZoneNamesAreKeptAndNonsenseRefused) {
  auto zone = ParseDayClock("Europe/Brussels");
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->kind, DayClock::Kind::kZoneName);
  EXPECT_EQ(zone->zone, "Europe/Brussels");
  // A quote would end the SQL literal the zone is written into.
  EXPECT_EQ(ParseDayClock("Europe/Brus'sels").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDayClock("not a zone").status().code(), StatusCode::kInvalidArgument);
}

TEST(MissingColumns, ComparesNamesCaseInsensitively) {
  // Snowflake stores the names upper case.
  EXPECT_TRUE(MissingColumns({"PARAMETER", "VALUE", "UNIT", "DATE_UTC", "LOCATION"}).empty());
  EXPECT_EQ(MissingColumns({"parameter", "value", "date_utc"}),
            (std::vector<std::string>{"unit", "location"}));
}

TEST(ParseDailyRows, ReadsNullsAsNoPriorMaximum) {
  auto rows = ParseDailyRows(
      {{"2024-01-01", "pm25", "µg/m³", "30", "Gent", "2024-01-01 03:00:00", "2", "", "0", "", "0"},
       {"2024-01-02", "pm25", "µg/m³", "40.5", "Gent", "2024-01-02 03:00:00", "1.000", "30", "1",
        "1.35", "t"}});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_FALSE((*rows)[0].prior_7day_max.has_value());
  EXPECT_FALSE((*rows)[0].exceeds);
  EXPECT_DOUBLE_EQ(*(*rows)[1].prior_7day_max, 30);
  EXPECT_EQ((*rows)[1].measurements, 1);
  EXPECT_TRUE((*rows)[1].exceeds);
  EXPECT_FALSE(
      ParseDailyRows({{"2024-01-01", "pm25", "u", "x", "", "", "1", "", "0", "", "0"}}).ok());
}

}  // namespace
}  // namespace aq
