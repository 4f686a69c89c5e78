// Timestamp parsing and formatting for measurement values (the hot path).
//
// Purpose: OpenAQ records carry ISO 8601 / RFC 3339 date-times with or without
// an offset. ParseTimestamp turns such text into a UTC instant while keeping the
// offset as written, so output can show either UTC or the original local time.
// It runs once per value (>100M values per minute), so it is a hand-written
// scanner: no regex, no locale, no libc time functions, no heap allocation, no
// exceptions, and one combined range check on the success path.
//
// Accepted: YYYY-MM-DD, then 'T', 't' or ' ', then HH:MM or HH:MM:SS, an
// optional fraction ('.' or ',' and 1-9 digits, only after seconds), then an
// optional offset: 'Z', 'z', +HH:MM, +HHMM or +HH (or '-'). Without an offset
// the wall time is taken as UTC. Years 0001-9999 (proleptic Gregorian), hours
// 0-23, minutes 0-59, seconds 0-59 (no leap seconds), offsets under 24 hours,
// and the UTC instant after applying the offset in years 0001-9999 too (the
// range SQLite's date functions and every warehouse accept).
// Surrounding whitespace is not accepted.
//
// Thread safety: pure functions of their arguments; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace aq {

// An instant plus the offset it was written with. The instant is
// epoch_seconds + nanos / 1e9, so 1969-12-31T23:59:59.5Z is {-1, 500'000'000}.
struct Timestamp {
  int64_t epoch_seconds = 0;   // UTC instant, seconds since 1970-01-01T00:00:00Z
  uint32_t nanos = 0;          // 0..999'999'999
  bool has_offset = false;     // true when the text carried Z or a numeric offset
  bool zulu = false;           // offset written as Z/z
  int16_t offset_minutes = 0;  // the written offset (e.g. +120 for +02:00); 0 for Z or none
};

enum class TimestampParse { kNotTimestamp, kOk, kMalformed };

// kNotTimestamp: the text does not have the shape of a date-time: it does not
//   start with YYYY-MM-DD followed by 'T', 't' or ' ' and a digit. Plain dates,
//   free text and numbers land here; the check is cheap so callers can probe
//   every string value.
// kOk: parsed; *out is filled (out must not be null).
// kMalformed: the text has the date-time shape but is not a valid instant;
//   *reason, if reason is non-null, is set to a static string naming the fault
//   ("month 13 is out of range", "February 30 does not exist", "its UTC
//   instant falls in year 10000, ...").
// *out is written only on kOk and *reason only on kMalformed.
TimestampParse ParseTimestamp(std::string_view text, Timestamp* out, const char** reason);

// Buffer size for the Format functions below. The longest output is 36 chars
// (5-digit UTC year, 9 fraction digits and an offset); no NUL is written.
inline constexpr size_t kMaxTimestampText = 40;

// Writes the UTC instant as "YYYY-MM-DD HH:MM:SS", plus '.' and the fraction
// with trailing zeros removed (1 to 9 digits) only when nanos != 0. Returns the
// number of chars written. The UTC year of a parsed timestamp is 0001-9999;
// years 0000-99999 are written too (4 or 5 digits), for other callers.
// `ts` must be a value ParseTimestamp can produce; other values are a
// programming error (asserted in debug builds, never written out of bounds).
size_t FormatUtc(const Timestamp& ts, char* out);

// Writes the instant at its written offset as ISO 8601:
// "YYYY-MM-DDTHH:MM:SS[.f]+HH:MM", or with "Z" instead of the offset when zulu
// or when there is no offset. A "-00:00" offset is written "+00:00". Same
// buffer and input rules as FormatUtc. ParseTimestamp reads the output back to
// the same instant and offset.
size_t FormatWithOffset(const Timestamp& ts, char* out);

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (negative before
// 1970). m is 1..12 and d is 1..31; the date need not exist (Feb 30 counts on
// into March). Valid for |y| below 10^12.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// A proleptic Gregorian date: month 1..12, day 1..31.
struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

// Inverse of DaysFromCivil: the date `days` after 1970-01-01 (before it when negative).
CivilDate CivilFromDays(int64_t days);

// Day of the week of the date `days` after 1970-01-01: 0 for Sunday to 6 for Saturday.
unsigned WeekdayFromDays(int64_t days);

}  // namespace aq
