#include "normalize/timestamp.h"

#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace aq {
namespace {

constexpr int64_t k2024Jan1 = 1'704'067'200;  // 2024-01-01T00:00:00Z

// Parses text that must be a valid timestamp.
Timestamp MustParse(std::string_view text) {
  Timestamp ts;
  const char* reason = nullptr;
  EXPECT_EQ(ParseTimestamp(text, &ts, &reason), TimestampParse::kOk)
      << text << ": " << (reason ? reason : "");
  return ts;
}

// Parses text that must be malformed and returns the reason ("" if none).
std::string MalformedReason(std::string_view text) {
  Timestamp ts;
  const char* reason = nullptr;
  EXPECT_EQ(ParseTimestamp(text, &ts, &reason), TimestampParse::kMalformed) << text;
  return reason ? reason : "";
}

TimestampParse Classify(std::string_view text) {
  Timestamp ts;
  return ParseTimestamp(text, &ts, nullptr);
}

std::string Utc(const Timestamp& ts) {
  char buf[kMaxTimestampText];
  return std::string(buf, FormatUtc(ts, buf));
}

std::string WithOffset(const Timestamp& ts) {
  char buf[kMaxTimestampText];
  return std::string(buf, FormatWithOffset(ts, buf));
}

// --- Spellings -------------------------------------------------------------

TEST(ParseTimestampTest, ParsesUppercaseTAndZ) {
  const Timestamp ts = MustParse("2024-01-01T10:20:30Z");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1 + 10 * 3600 + 20 * 60 + 30);
  EXPECT_EQ(ts.nanos, 0u);
  EXPECT_TRUE(ts.has_offset);
  EXPECT_TRUE(ts.zulu);
  EXPECT_EQ(ts.offset_minutes, 0);
}

TEST(ParseTimestampTest, ParsesLowercaseTAndZ) {
  const Timestamp ts = MustParse("2024-01-01t10:20:30z");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1 + 10 * 3600 + 20 * 60 + 30);
  EXPECT_TRUE(ts.zulu);
}

TEST(ParseTimestampTest, ParsesSpaceSeparator) {
  EXPECT_EQ(MustParse("2024-01-01 10:20:30Z").epoch_seconds, k2024Jan1 + 37'230);
}

TEST(ParseTimestampTest, NaiveTimeIsUtcWithoutOffset) {
  const Timestamp ts = MustParse("2024-01-01T10:20:30");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1 + 37'230);
  EXPECT_FALSE(ts.has_offset);
  EXPECT_FALSE(ts.zulu);
  EXPECT_EQ(ts.offset_minutes, 0);
}

TEST(ParseTimestampTest, ParsesMinutesWithoutSeconds) {
  EXPECT_EQ(MustParse("2024-01-01T10:20").epoch_seconds, k2024Jan1 + 37'200);
  EXPECT_EQ(MustParse("2024-01-01T10:20Z").epoch_seconds, k2024Jan1 + 37'200);
  const Timestamp ts = MustParse("2024-01-01 10:20+02:00");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1 + 37'200 - 7'200);
  EXPECT_EQ(ts.offset_minutes, 120);
}

TEST(ParseTimestampTest, ParsesFractionsOfOneToNineDigits) {
  const struct {
    const char* text;
    uint32_t nanos;
  } cases[] = {
      {"2024-01-01T00:00:00.1Z", 100'000'000},
      {"2024-01-01T00:00:00.12Z", 120'000'000},
      {"2024-01-01T00:00:00.123Z", 123'000'000},
      {"2024-01-01T00:00:00.1234Z", 123'400'000},
      {"2024-01-01T00:00:00.12345Z", 123'450'000},
      {"2024-01-01T00:00:00.123456Z", 123'456'000},
      {"2024-01-01T00:00:00.1234567Z", 123'456'700},
      {"2024-01-01T00:00:00.12345678Z", 123'456'780},
      {"2024-01-01T00:00:00.123456789Z", 123'456'789},
      {"2024-01-01T00:00:00.000000001Z", 1},
      {"2024-01-01T00:00:00.999999999", 999'999'999},
      {"2024-01-01T00:00:00.0Z", 0},
  };
  for (const auto& c : cases) {
    const Timestamp ts = MustParse(c.text);
    EXPECT_EQ(ts.nanos, c.nanos) << c.text;
    EXPECT_EQ(ts.epoch_seconds, k2024Jan1) << c.text;
  }
}

TEST(ParseTimestampTest, ParsesCommaAsDecimalMark) {
  EXPECT_EQ(MustParse("2024-01-01T00:00:00,5Z").nanos, 500'000'000u);
}

TEST(ParseTimestampTest, ParsesFractionBeforeNumericOffset) {
  const Timestamp ts = MustParse("2024-01-01T02:00:00.25+02:00");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1);
  EXPECT_EQ(ts.nanos, 250'000'000u);
}

TEST(ParseTimestampTest, RejectsTenFractionalDigits) {
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00.1234567891Z"), "more than 9 fractional digits");
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00.0000000000"), "more than 9 fractional digits");
}

TEST(ParseTimestampTest, RejectsFractionWithoutDigits) {
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00.Z"), "fraction must have at least one digit");
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00."), "fraction must have at least one digit");
}

TEST(ParseTimestampTest, RejectsFractionWithoutSeconds) {
  EXPECT_EQ(MalformedReason("2024-01-01T10:20.5Z"), "a fraction needs seconds (HH:MM:SS.f)");
}

// --- Offsets ---------------------------------------------------------------

TEST(ParseTimestampTest, ParsesOffsetWithColon) {
  const Timestamp ts = MustParse("2024-01-01T05:30:00+05:30");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1);
  EXPECT_TRUE(ts.has_offset);
  EXPECT_FALSE(ts.zulu);
  EXPECT_EQ(ts.offset_minutes, 330);
}

TEST(ParseTimestampTest, ParsesOffsetWithoutColon) {
  const Timestamp ts = MustParse("2023-12-31T16:00:00-0800");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1);
  EXPECT_EQ(ts.offset_minutes, -480);
}

TEST(ParseTimestampTest, ParsesHourOnlyOffset) {
  const Timestamp ts = MustParse("2024-01-01T01:00:00+01");
  EXPECT_EQ(ts.epoch_seconds, k2024Jan1);
  EXPECT_EQ(ts.offset_minutes, 60);
  EXPECT_EQ(MustParse("2023-12-31T23:00-01").epoch_seconds, k2024Jan1);
}

TEST(ParseTimestampTest, ParsesZeroNumericOffsetAsNotZulu) {
  for (const char* text : {"2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00-00:00"}) {
    const Timestamp ts = MustParse(text);
    EXPECT_EQ(ts.epoch_seconds, k2024Jan1) << text;
    EXPECT_TRUE(ts.has_offset) << text;
    EXPECT_FALSE(ts.zulu) << text;
  }
}

TEST(ParseTimestampTest, ParsesExtremeOffsets) {
  EXPECT_EQ(MustParse("2024-01-01T23:59:00+23:59").epoch_seconds, k2024Jan1);
  EXPECT_EQ(MustParse("2023-12-31T00:01:00-23:59").epoch_seconds, k2024Jan1);
}

TEST(ParseTimestampTest, RejectsMalformedOffsets) {
  const std::string bad_offset = "offset must be ±HH:MM, ±HHMM, ±HH or Z";
  for (const char* text :
       {"2024-01-01T00:00:00+", "2024-01-01T00:00:00+5",
        "2024-01-01T00:00:00+05:", "2024-01-01T00:00:00+05:3", "2024-01-01T00:00:00+053",
        "2024-01-01T00:00:00-5:30", "2024-01-01T00:00:00+ab:cd"}) {
    EXPECT_EQ(MalformedReason(text), bad_offset) << text;
  }
}

TEST(ParseTimestampTest, RejectsOffsetFieldsOutOfRange) {
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00+24:00"), "offset hour 24 is out of range (00-23)");
  EXPECT_EQ(MalformedReason("2024-01-01T00:00:00-0560"),
            "offset minute 60 is out of range (00-59)");
}

// --- Range of instants -----------------------------------------------------

TEST(ParseTimestampTest, ParsesNegativeEpochsBefore1970) {
  EXPECT_EQ(MustParse("1969-12-31T23:59:59Z").epoch_seconds, -1);
  const Timestamp half = MustParse("1969-12-31T23:59:59.5Z");
  EXPECT_EQ(half.epoch_seconds, -1);  // the fraction counts forward from the second
  EXPECT_EQ(half.nanos, 500'000'000u);
  EXPECT_EQ(MustParse("1900-01-01T00:00:00Z").epoch_seconds, -2'208'988'800);
}

TEST(ParseTimestampTest, ParsesFirstInstantOfYearOne) {
  EXPECT_EQ(MustParse("0001-01-01T00:00:00Z").epoch_seconds, -62'135'596'800);
}

TEST(ParseTimestampTest, ParsesLastInstantOfYear9999) {
  EXPECT_EQ(MustParse("9999-12-31T23:59:59Z").epoch_seconds, 253'402'300'799);
}

TEST(ParseTimestampTest, RejectsYearZero) {
  EXPECT_EQ(MalformedReason("0000-12-31T00:00:00Z"), "year 0000 is out of range (0001-9999)");
}

// --- Calendar validation ---------------------------------------------------

TEST(ParseTimestampTest, AcceptsFebruary29InLeapYears) {
  EXPECT_EQ(MustParse("2024-02-29T00:00:00Z").epoch_seconds, 1'709'164'800);
  EXPECT_EQ(MustParse("2000-02-29T00:00:00Z").epoch_seconds, 951'782'400);
  MustParse("1600-02-29T00:00:00Z");
  MustParse("0004-02-29T00:00:00Z");
}

TEST(ParseTimestampTest, RejectsFebruary29InCommonYears) {
  const std::string reason = "February 29 exists only in leap years";
  EXPECT_EQ(MalformedReason("2023-02-29T00:00:00Z"), reason);
  EXPECT_EQ(MalformedReason("1900-02-29T00:00:00Z"), reason);
  EXPECT_EQ(MalformedReason("2100-02-29T00:00:00Z"), reason);
}

TEST(ParseTimestampTest, RejectsMonthsOutOfRange) {
  EXPECT_EQ(MalformedReason("2024-00-10T00:00:00Z"), "month 00 is out of range");
  EXPECT_EQ(MalformedReason("2024-13-10T00:00:00Z"), "month 13 is out of range");
  EXPECT_EQ(MalformedReason("2024-99-10T00:00:00Z"), "month 99 is out of range");
}

TEST(ParseTimestampTest, RejectsDaysOutOfRange) {
  EXPECT_EQ(MalformedReason("2024-01-00T00:00:00Z"), "day 00 is out of range");
  EXPECT_EQ(MalformedReason("2024-01-32T00:00:00Z"), "day 32 is out of range");
}

TEST(ParseTimestampTest, RejectsDaysPastTheEndOfTheMonth) {
  EXPECT_EQ(MalformedReason("2024-04-31T00:00:00Z"), "April 31 does not exist");
  EXPECT_EQ(MalformedReason("2024-06-31T00:00:00Z"), "June 31 does not exist");
  EXPECT_EQ(MalformedReason("2024-09-31T00:00:00Z"), "September 31 does not exist");
  EXPECT_EQ(MalformedReason("2024-11-31T00:00:00Z"), "November 31 does not exist");
  EXPECT_EQ(MalformedReason("2024-02-30T00:00:00Z"), "February 30 does not exist");
  EXPECT_EQ(MalformedReason("2024-02-31T00:00:00Z"), "February 31 does not exist");
}

TEST(ParseTimestampTest, AcceptsLastDayOfEveryMonth) {
  for (const char* text :
       {"2023-01-31T00:00Z", "2023-02-28T00:00Z", "2023-03-31T00:00Z", "2023-04-30T00:00Z",
        "2023-05-31T00:00Z", "2023-06-30T00:00Z", "2023-07-31T00:00Z", "2023-08-31T00:00Z",
        "2023-09-30T00:00Z", "2023-10-31T00:00Z", "2023-11-30T00:00Z", "2023-12-31T00:00Z"}) {
    MustParse(text);
  }
}

TEST(ParseTimestampTest, RejectsHour24) {
  EXPECT_EQ(MalformedReason("2024-01-01T24:00:00Z"), "hour 24 is out of range");
}

TEST(ParseTimestampTest, RejectsMinute60) {
  EXPECT_EQ(MalformedReason("2024-01-01T10:60:00Z"), "minute 60 is out of range");
  EXPECT_EQ(MalformedReason("2024-01-01T10:60"), "minute 60 is out of range");
}

TEST(ParseTimestampTest, RejectsLeapSecondWithReason) {
  const std::string reason = MalformedReason("2016-12-31T23:59:60Z");
  EXPECT_NE(reason.find("leap seconds are not supported"), std::string::npos) << reason;
}

TEST(ParseTimestampTest, RejectsSecond61) {
  EXPECT_EQ(MalformedReason("2024-01-01T10:00:61Z"), "second 61 is out of range");
}

TEST(ParseTimestampTest, AcceptsLastSecondOfTheDay) {
  EXPECT_EQ(MustParse("2023-12-31T23:59:59Z").epoch_seconds, k2024Jan1 - 1);
}

// --- Shape and trailing text -----------------------------------------------

TEST(ParseTimestampTest, RejectsTrailingCharacters) {
  for (const char* text :
       {"2024-01-01T00:00:00Zx", "2024-01-01T00:00:00 ", "2024-01-01T00:00:00Z ",
        "2024-01-01T00:00:00+05:30:00", "2024-01-01T00:00:00+05300", "2024-01-01T00:00:000",
        "2024-01-01T00:00:00 UTC", "2024-01-01T00:00:00+01 ", "2024-01-01T00:00:00\n"}) {
    EXPECT_EQ(MalformedReason(text), "trailing characters") << text;
  }
}

TEST(ParseTimestampTest, RejectsIncompleteTime) {
  for (const char* text : {"2024-01-01T1", "2024-01-01T10", "2024-01-01T10:", "2024-01-01T10:0",
                           "2024-01-01T1:00:00", "2024-01-01T10-00-00"}) {
    EXPECT_EQ(MalformedReason(text), "time must be HH:MM or HH:MM:SS") << text;
  }
  EXPECT_EQ(MalformedReason("2024-01-01T10:00:"), "seconds must be two digits");
  EXPECT_EQ(MalformedReason("2024-01-01T10:00:5Z"), "seconds must be two digits");
}

TEST(ParseTimestampTest, ReportsNotTimestampForOtherText) {
  for (const char* text :
       {"", "hello", "12345", "2024-01-01", "2024-01-01X10:00:00", "2024-01-01T", "2024-01-01Tx",
        "2024-1-01T10:00:00", "20240101T100000Z", " 2024-01-01T10:00:00Z", "2024/01/01 10:00:00",
        "1.5e9", "2024-01-01Z10:00:00"}) {
    EXPECT_EQ(Classify(text), TimestampParse::kNotTimestamp) << '"' << text << '"';
  }
}

TEST(ParseTimestampTest, ReasonMayBeNull) {
  EXPECT_EQ(Classify("2024-13-01T00:00:00Z"), TimestampParse::kMalformed);
  EXPECT_EQ(Classify("2024-01-01T00:00:00Z"), TimestampParse::kOk);
}

TEST(ParseTimestampTest, ReadsOnlyTheViewNotBeyond) {
  // The view ends before the 'Z' and the junk; they must not be read.
  const std::string text = "2024-01-01T00:00:00Zjunk";
  const Timestamp ts = MustParse(std::string_view(text).substr(0, 19));
  EXPECT_FALSE(ts.has_offset);
}

// --- Formatting ------------------------------------------------------------

TEST(FormatUtcTest, WritesUtcWallTimeWithoutFractionWhenZero) {
  EXPECT_EQ(Utc(MustParse("2024-01-01T10:00:00+02:00")), "2024-01-01 08:00:00");
  EXPECT_EQ(Utc(MustParse("2024-01-01T01:00:00+05:30")), "2023-12-31 19:30:00");
  EXPECT_EQ(Utc(MustParse("2024-02-28T20:00-0800")), "2024-02-29 04:00:00");
  EXPECT_EQ(Utc(Timestamp{}), "1970-01-01 00:00:00");
}

TEST(FormatUtcTest, TrimsTrailingZerosOfTheFraction) {
  EXPECT_EQ(Utc(MustParse("2024-01-01T00:00:00.500Z")), "2024-01-01 00:00:00.5");
  EXPECT_EQ(Utc(MustParse("2024-01-01T00:00:00.123456789Z")), "2024-01-01 00:00:00.123456789");
  EXPECT_EQ(Utc(MustParse("2024-01-01T00:00:00.000000001Z")), "2024-01-01 00:00:00.000000001");
  EXPECT_EQ(Utc(MustParse("2024-01-01T00:00:00.120Z")), "2024-01-01 00:00:00.12");
  EXPECT_EQ(Utc(MustParse("2024-01-01T00:00:00.0Z")), "2024-01-01 00:00:00");
}

TEST(FormatUtcTest, WritesNegativeEpochs) {
  EXPECT_EQ(Utc(MustParse("1969-12-31T23:59:59.5Z")), "1969-12-31 23:59:59.5");
  EXPECT_EQ(Utc(MustParse("0001-01-01T00:00:00Z")), "0001-01-01 00:00:00");
}

TEST(ParseTimestampTest, UtcInstantOutsideYears1To9999AfterTheOffsetIsMalformed) {
  EXPECT_EQ(MalformedReason("9999-12-31T23:59:59-01:00"),
            "its UTC instant falls in year 10000, after 9999-12-31 (the range SQLite and the "
            "warehouses accept is years 0001-9999)");
  EXPECT_EQ(MalformedReason("0001-01-01T00:00:00+01:00"),
            "its UTC instant falls in year 0000, before 0001-01-01 (the range SQLite and the "
            "warehouses accept is years 0001-9999)");
  EXPECT_EQ(MalformedReason("9999-12-31T23:59:59.999999999-23:59").substr(0, 37),
            "its UTC instant falls in year 10000, ");
  // The last and first instants that stay inside.
  EXPECT_EQ(Utc(MustParse("9999-12-31T23:59:59.5+00:00")), "9999-12-31 23:59:59.5");
  EXPECT_EQ(Utc(MustParse("9999-12-31T23:59:59-00:00")), "9999-12-31 23:59:59");
  EXPECT_EQ(Utc(MustParse("0001-01-01T00:59:59+00:59")), "0001-01-01 00:00:59");
  EXPECT_EQ(Utc(MustParse("0001-01-01T00:00:00-23:59")), "0001-01-01 23:59:00");
}

TEST(FormatUtcTest, WritesYearsJustOutsideTheParsedRange) {
  Timestamp year0;
  year0.epoch_seconds = -62'135'596'800 - 3'600;
  EXPECT_EQ(Utc(year0), "0000-12-31 23:00:00");
  Timestamp year10000;
  year10000.epoch_seconds = 253'402'300'800 + 86'339;
  year10000.nanos = 999'999'999;
  EXPECT_EQ(Utc(year10000), "10000-01-01 23:58:59.999999999");
}

TEST(FormatWithOffsetTest, KeepsTheWrittenOffset) {
  EXPECT_EQ(WithOffset(MustParse("2024-01-01T10:00:00+05:30")), "2024-01-01T10:00:00+05:30");
  EXPECT_EQ(WithOffset(MustParse("2024-01-01 10:00-0800")), "2024-01-01T10:00:00-08:00");
  EXPECT_EQ(WithOffset(MustParse("2024-01-01t10:00:00,25+01")), "2024-01-01T10:00:00.25+01:00");
  EXPECT_EQ(WithOffset(MustParse("2024-01-01T10:00:00-00:00")), "2024-01-01T10:00:00+00:00");
}

TEST(FormatWithOffsetTest, WritesZForZuluAndNaiveTimes) {
  EXPECT_EQ(WithOffset(MustParse("2024-01-01T10:00:00z")), "2024-01-01T10:00:00Z");
  EXPECT_EQ(WithOffset(MustParse("2024-01-01 10:00:00")), "2024-01-01T10:00:00Z");
}

TEST(FormatWithOffsetTest, LongestOutputFitsTheBuffer) {
  const Timestamp ts = MustParse("9999-12-31T23:59:59.123456789+23:59");
  char buf[kMaxTimestampText];
  const size_t n = FormatWithOffset(ts, buf);
  EXPECT_EQ(std::string(buf, n), "9999-12-31T23:59:59.123456789+23:59");
  EXPECT_LE(n, kMaxTimestampText);
  EXPECT_LE(FormatUtc(ts, buf), kMaxTimestampText);
}

TEST(FormatTest, OutputParsesBackToTheSameInstantAndOffset) {
  for (const char* text :
       {"2024-01-01T10:20:30Z", "2024-01-01 10:20", "2024-02-29t23:59:59.999999999+23:59",
        "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59+14:00",
        "1900-03-01T00:00:00,000001-0930", "2000-02-29T12:00:00+01"}) {
    const Timestamp ts = MustParse(text);
    const Timestamp again = MustParse(WithOffset(ts));
    EXPECT_EQ(again.epoch_seconds, ts.epoch_seconds) << text;
    EXPECT_EQ(again.nanos, ts.nanos) << text;
    EXPECT_EQ(again.offset_minutes, ts.offset_minutes) << text;
    const Timestamp from_utc = MustParse(Utc(ts));  // a parsed UTC instant is in years 1-9999
    EXPECT_EQ(from_utc.epoch_seconds, ts.epoch_seconds) << text;
    EXPECT_EQ(from_utc.nanos, ts.nanos) << text;
  }
}

// --- Calendar arithmetic against libc --------------------------------------

TEST(DaysFromCivilTest, MatchesKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11'017);
  EXPECT_EQ(DaysFromCivil(2024, 1, 1), k2024Jan1 / 86'400);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), -719'162);
  EXPECT_EQ(DaysFromCivil(9999, 12, 31), 2'932'896);
  EXPECT_EQ(DaysFromCivil(0, 3, 1), -719'468);
  EXPECT_EQ(DaysFromCivil(-1, 12, 31), -719'529);
}

TEST(DaysFromCivilTest, ConsecutiveDaysAreOneApartFromYear1To9999) {
  int64_t previous = DaysFromCivil(0, 12, 31);
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int64_t y = 1; y <= 9999; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned days = kDays[m - 1] + (m == 2 && leap);
      for (unsigned d = 1; d <= days; ++d) {
        const int64_t today = DaysFromCivil(y, m, d);
        ASSERT_EQ(today, previous + 1) << y << '-' << m << '-' << d;
        previous = today;
      }
    }
  }
}

TEST(CivilFromDaysTest, InvertsDaysFromCivilFromYear1To9999) {
  for (int64_t days = DaysFromCivil(1, 1, 1); days <= DaysFromCivil(9999, 12, 31); ++days) {
    const CivilDate date = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(date.year, date.month, date.day), days) << days;
    ASSERT_TRUE(date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31) << days;
  }
  const CivilDate leap_day = CivilFromDays(DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(leap_day.year, 2024);
  EXPECT_EQ(leap_day.month, 2u);
  EXPECT_EQ(leap_day.day, 29u);
}

TEST(WeekdayFromDaysTest, MatchesKnownDatesBeforeAndAfter1970) {
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1970, 1, 1)), 4u);    // Thursday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1969, 12, 28)), 0u);  // Sunday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2024, 3, 31)), 0u);   // Sunday: EU summer time begins
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2024, 10, 26)), 6u);  // Saturday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1, 1, 1)), 1u);       // Monday
}

// Seconds since the epoch for a broken-down UTC time, per glibc.
int64_t LibcTimegm(int y, int m, int d, int hh, int mm, int ss) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return static_cast<int64_t>(timegm(&tm));
}

TEST(ParseTimestampTest, AgreesWithLibcTimegmOnRandomInstants) {
  static_assert(sizeof(time_t) == 8, "the cross-check needs a 64-bit time_t");
  std::mt19937_64 rng(20240101);
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  constexpr char kSeparators[] = {'T', 't', ' '};
  for (int i = 0; i < 5000; ++i) {
    const int y = uniform(1, 9999), m = uniform(1, 12);
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int d = uniform(1, kDays[m - 1] + (m == 2 && leap));
    const int hh = uniform(0, 23), mi = uniform(0, 59), ss = uniform(0, 59);
    const int offset = uniform(-(23 * 60 + 59), 23 * 60 + 59);
    const int digits = uniform(0, 9);

    // A fraction of `digits` digits and the nanos it stands for.
    char fraction[32] = "";
    uint32_t nanos = 0;
    if (digits > 0) {
      uint32_t scale = 1;
      for (int k = digits; k < 9; ++k) {
        scale *= 10;
      }
      const auto value = static_cast<uint32_t>(uniform(0, 999'999'999 / static_cast<int>(scale)));
      std::snprintf(fraction, sizeof fraction, ".%0*u", digits, value);
      nanos = value * scale;
    }

    // The offset in one of the three spellings; ±HH drops the minutes.
    const int style = uniform(0, 2);
    const int written_offset = style == 2 ? offset / 60 * 60 : offset;
    const int abs_offset = offset < 0 ? -offset : offset;
    const char sign = offset < 0 ? '-' : '+';
    const int hours = abs_offset / 60, minutes = abs_offset % 60;
    char offset_text[32];
    if (style == 0) {
      std::snprintf(offset_text, sizeof offset_text, "%c%02d:%02d", sign, hours, minutes);
    } else if (style == 1) {
      std::snprintf(offset_text, sizeof offset_text, "%c%02d%02d", sign, hours, minutes);
    } else {
      std::snprintf(offset_text, sizeof offset_text, "%c%02d", sign, hours);
    }

    char text[160];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d%c%02d:%02d:%02d%s%s", y, m, d,
                  kSeparators[uniform(0, 2)], hh, mi, ss, fraction, offset_text);
    const Timestamp ts = MustParse(text);
    const int64_t local = LibcTimegm(y, m, d, hh, mi, ss);
    ASSERT_EQ(ts.epoch_seconds, local - int64_t{written_offset} * 60) << text;
    ASSERT_EQ(ts.nanos, nanos) << text;
    ASSERT_EQ(ts.offset_minutes, written_offset) << text;
    ASSERT_EQ(DaysFromCivil(y, m, d) * 86'400, LibcTimegm(y, m, d, 0, 0, 0)) << text;
  }
}

TEST(FormatUtcTest, AgreesWithLibcGmtimeOnRandomInstants) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> seconds(-62'135'596'800, 253'402'300'799);
  for (int i = 0; i < 5000; ++i) {
    Timestamp ts;
    ts.epoch_seconds = seconds(rng);
    const time_t t = ts.epoch_seconds;
    std::tm tm{};
    ASSERT_NE(gmtime_r(&t, &tm), nullptr);
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    ASSERT_EQ(Utc(ts), expected) << ts.epoch_seconds;
  }
}

}  // namespace
}  // namespace aq
