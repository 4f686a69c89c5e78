#include "normalize/timestamp.h"

#include <array>
#include <cassert>

namespace aq {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
// Days from 0000-03-01 to 1970-01-01: the civil algorithms count from a March
// so that the leap day is the last day of the (shifted) year.
constexpr int64_t kDaysTo1970FromMarch0000 = 719'468;
constexpr int64_t kDaysPer400Years = 146'097;

// ---------------------------------------------------------------------------
// Reasons. They are static because callers keep them past the call and the
// parser may not allocate; the numbered ones are built at compile time so a
// message can echo the two digits that were written without formatting.

template <size_t N>
using NumberedMessages = std::array<std::array<char, N>, 100>;

// Entry v is prefix + two digits of v + suffix, NUL-terminated.
template <size_t P, size_t S>
constexpr NumberedMessages<P + S + 1> MakeNumberedMessages(const char (&prefix)[P],
                                                           const char (&suffix)[S]) {
  NumberedMessages<P + S + 1> table{};
  for (size_t v = 0; v < 100; ++v) {
    auto& text = table[v];
    size_t i = 0;
    for (size_t k = 0; k + 1 < P; ++k) {
      text[i++] = prefix[k];
    }
    text[i++] = static_cast<char>('0' + v / 10);
    text[i++] = static_cast<char>('0' + v % 10);
    for (size_t k = 0; k < S; ++k) {
      text[i++] = suffix[k];  // includes the NUL
    }
  }
  return table;
}

constexpr auto kMonthOutOfRange = MakeNumberedMessages("month ", " is out of range");
constexpr auto kDayOutOfRange = MakeNumberedMessages("day ", " is out of range");
constexpr auto kHourOutOfRange = MakeNumberedMessages("hour ", " is out of range");
constexpr auto kMinuteOutOfRange = MakeNumberedMessages("minute ", " is out of range");
constexpr auto kSecondOutOfRange = MakeNumberedMessages("second ", " is out of range");
constexpr auto kOffsetHourOutOfRange =
    MakeNumberedMessages("offset hour ", " is out of range (00-23)");
constexpr auto kOffsetMinuteOutOfRange =
    MakeNumberedMessages("offset minute ", " is out of range (00-59)");

constexpr const char* kYearZero = "year 0000 is out of range (0001-9999)";
constexpr const char* kLeapSecond = "second 60 is a leap second; leap seconds are not supported";
constexpr const char* kBadTime = "time must be HH:MM or HH:MM:SS";
constexpr const char* kBadSeconds = "seconds must be two digits";
constexpr const char* kFractionWithoutSeconds = "a fraction needs seconds (HH:MM:SS.f)";
constexpr const char* kEmptyFraction = "fraction must have at least one digit";
constexpr const char* kLongFraction = "more than 9 fractional digits";
constexpr const char* kBadOffset = "offset must be ±HH:MM, ±HHMM, ±HH or Z";
constexpr const char* kTrailing = "trailing characters";
constexpr const char* kUtcBeforeYear1 =
    "its UTC instant falls in year 0000, before 0001-01-01 (the range SQLite and the warehouses "
    "accept is years 0001-9999)";
constexpr const char* kUtcAfterYear9999 =
    "its UTC instant falls in year 10000, after 9999-12-31 (the range SQLite and the warehouses "
    "accept is years 0001-9999)";

// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since the epoch: a parsed value's UTC
// instant must lie in [kFirstUtcSecond, kEndUtcSecond).
constexpr int64_t kFirstUtcSecond = -62'135'596'800;
constexpr int64_t kEndUtcSecond = 253'402'300'800;

// Only day 29, 30 or 31 can be in range 01-31 and still not exist.
const char* NonexistentDay(unsigned month, unsigned day) {
  if (month == 2) {
    if (day == 29) {
      return "February 29 exists only in leap years";
    }
    return day == 30 ? "February 30 does not exist" : "February 31 does not exist";
  }
  switch (month) {
    case 4:
      return "April 31 does not exist";
    case 6:
      return "June 31 does not exist";
    case 9:
      return "September 31 does not exist";
    default:
      return "November 31 does not exist";
  }
}

// ---------------------------------------------------------------------------
// Scanning. Character tests return 1 or 0 as unsigned rather than bool, so
// several can be folded with '&' (no short-circuit branch per character, and no
// bool-bitwise warning).

constexpr unsigned IsDigit(char c) { return static_cast<unsigned char>(c) - unsigned{'0'} <= 9; }

constexpr unsigned IsTwoDigits(const char* p) { return IsDigit(p[0]) & IsDigit(p[1]); }

// Two ASCII digits already known to be digits.
constexpr unsigned TwoDigits(const char* p) {
  return (static_cast<unsigned>(p[0]) - '0') * 10 + (static_cast<unsigned>(p[1]) - '0');
}

// The cheap pre-filter: "YYYY-MM-DD" + 'T'/'t'/' ' + a digit.
bool HasDateTimeShape(std::string_view s) {
  if (s.size() < 12) {
    return false;
  }
  const char* p = s.data();
  const char sep = p[10];
  return IsTwoDigits(p) & IsTwoDigits(p + 2) & (p[4] == '-') & IsTwoDigits(p + 5) & (p[7] == '-') &
         IsTwoDigits(p + 8) & ((sep | 0x20) == 't' || sep == ' ') & IsDigit(p[11]);
}

// The fields as written, before range checks. Offset fields stay 0 when absent.
struct Fields {
  unsigned year = 0, month = 0, day = 0;
  unsigned hour = 0, minute = 0, second = 0;
  uint32_t nanos = 0;
  unsigned offset_hours = 0, offset_mins = 0;
  bool negative_offset = false;
  bool has_offset = false;
  bool zulu = false;
};

constexpr std::array<uint32_t, 10> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// Reads the digits after the decimal mark at s[*pos]; advances *pos past them.
const char* ScanFraction(std::string_view s, size_t* pos, uint32_t* nanos) {
  size_t i = *pos + 1;  // past '.' or ','
  const size_t start = i;
  uint32_t value = 0;
  // Stop at 9 digits so `value` cannot overflow; a 10th digit is an error.
  while (i < s.size() && IsDigit(s[i]) && i - start < 9) {
    value = value * 10 + static_cast<uint32_t>(s[i] - '0');
    ++i;
  }
  const size_t digits = i - start;
  if (digits == 0) {
    return kEmptyFraction;
  }
  if (i < s.size() && IsDigit(s[i])) {
    return kLongFraction;
  }
  *nanos = value * kPow10[9 - digits];
  *pos = i;
  return nullptr;
}

// Reads "+HH:MM", "+HHMM" or "+HH" (or '-') at s[*pos]; advances *pos past it.
const char* ScanNumericOffset(std::string_view s, size_t* pos, Fields* f) {
  const size_t n = s.size();
  size_t i = *pos + 1;  // past the sign
  if (i + 2 > n || !IsTwoDigits(s.data() + i)) {
    return kBadOffset;
  }
  f->offset_hours = TwoDigits(s.data() + i);
  i += 2;
  if (i < n && (s[i] == ':' || IsDigit(s[i]))) {
    i += s[i] == ':';
    if (i + 2 > n || !IsTwoDigits(s.data() + i)) {
      return kBadOffset;
    }
    f->offset_mins = TwoDigits(s.data() + i);
    i += 2;
  }
  f->negative_offset = s[*pos] == '-';
  f->has_offset = true;
  *pos = i;
  return nullptr;
}

// Reads the optional offset at s[*pos]; advances *pos past it.
const char* ScanOffset(std::string_view s, size_t* pos, Fields* f) {
  if (*pos == s.size()) {
    return nullptr;
  }
  const char c = s[*pos];
  if ((c | 0x20) == 'z') {
    f->has_offset = f->zulu = true;
    ++*pos;
    return nullptr;
  }
  if (c == '+' || c == '-') {
    return ScanNumericOffset(s, pos, f);
  }
  return nullptr;  // not an offset; the caller reports trailing characters
}

// Splits a text that passed HasDateTimeShape into fields; returns a reason on a
// syntax error. Ranges are checked afterwards, all at once.
const char* ScanFields(std::string_view s, Fields* f) {
  const char* p = s.data();
  f->year = TwoDigits(p) * 100 + TwoDigits(p + 2);
  f->month = TwoDigits(p + 5);
  f->day = TwoDigits(p + 8);
  // "YYYY-MM-DDTHH:MM" is 16 chars; p[11] is a digit already.
  if (s.size() < 16 || !(IsDigit(p[12]) & IsTwoDigits(p + 14) & (p[13] == ':'))) {
    return kBadTime;
  }
  f->hour = TwoDigits(p + 11);
  f->minute = TwoDigits(p + 14);
  size_t pos = 16;
  const bool has_seconds = pos < s.size() && s[pos] == ':';
  if (has_seconds) {
    if (pos + 3 > s.size() || !IsTwoDigits(p + pos + 1)) {
      return kBadSeconds;
    }
    f->second = TwoDigits(p + pos + 1);
    pos += 3;
  }
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    if (!has_seconds) {
      return kFractionWithoutSeconds;
    }
    if (const char* e = ScanFraction(s, &pos, &f->nanos)) {
      return e;
    }
  }
  if (const char* e = ScanOffset(s, &pos, f)) {
    return e;
  }
  return pos == s.size() ? nullptr : kTrailing;
}

// ---------------------------------------------------------------------------
// Range checks.

// A year divisible by 100 is leap only when divisible by 400, i.e. (since 25
// is odd) by 16; other years when divisible by 4. One modulo, no branch chain.
constexpr bool IsLeapYear(unsigned year) { return (year & (year % 100 == 0 ? 15 : 3)) == 0; }

// Indexed by month & 15 so that any two-digit month stays in bounds; entries
// for invalid months do not matter because the month check fails for them.
constexpr std::array<uint8_t, 16> kDaysInMonth = {0,  31, 28, 31, 30, 31, 30, 31,
                                                  31, 30, 31, 30, 31, 0,  0,  0};

unsigned DaysInMonth(unsigned year, unsigned month) {
  return kDaysInMonth[month & 15] + ((month == 2) & IsLeapYear(year));
}

// The slow path: names the first field that is out of range.
const char* DescribeRangeError(const Fields& f) {
  if (f.year == 0) {
    return kYearZero;
  }
  if (f.month - 1 >= 12) {
    return kMonthOutOfRange[f.month].data();
  }
  if (f.day - 1 >= 31) {
    return kDayOutOfRange[f.day].data();
  }
  if (f.day > DaysInMonth(f.year, f.month)) {
    return NonexistentDay(f.month, f.day);
  }
  if (f.hour >= 24) {
    return kHourOutOfRange[f.hour].data();
  }
  if (f.minute >= 60) {
    return kMinuteOutOfRange[f.minute].data();
  }
  if (f.second == 60) {
    return kLeapSecond;
  }
  if (f.second > 60) {
    return kSecondOutOfRange[f.second].data();
  }
  if (f.offset_hours >= 24) {
    return kOffsetHourOutOfRange[f.offset_hours].data();
  }
  if (f.offset_mins >= 60) {
    return kOffsetMinuteOutOfRange[f.offset_mins].data();
  }
  return "value out of range";  // unreachable while the checks above match InRange
}

// The fast path: every field at once, combined with '&' so the success path
// has a single well-predicted branch.
bool InRange(const Fields& f) {
  return (f.year != 0) & (f.month - 1 < 12) & (f.day - 1 < DaysInMonth(f.year, f.month)) &
         (f.hour < 24) & (f.minute < 60) & (f.second < 60) & (f.offset_hours < 24) &
         (f.offset_mins < 60);
}

Timestamp ToTimestamp(const Fields& f) {
  const int offset = static_cast<int>(f.offset_hours * 60 + f.offset_mins);
  const int signed_offset = f.negative_offset ? -offset : offset;
  const int64_t local = DaysFromCivil(f.year, f.month, f.day) * kSecondsPerDay + f.hour * 3600 +
                        f.minute * 60 + f.second;
  Timestamp ts;
  ts.epoch_seconds = local - int64_t{signed_offset} * 60;
  ts.nanos = f.nanos;
  ts.has_offset = f.has_offset;
  ts.zulu = f.zulu;
  ts.offset_minutes = static_cast<int16_t>(signed_offset);
  return ts;
}

// ---------------------------------------------------------------------------
// Formatting.

// Floor division for a positive divisor (C++ '/' truncates toward zero).
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b) < 0); }

char* WriteTwoDigits(unsigned v, char* p) {
  p[0] = static_cast<char>('0' + v / 10 % 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// Writes 4 digits, or 5 for a year past 9999. Out-of-contract years are folded
// into 0..99999 so that the write stays within the buffer.
char* WriteYear(int64_t year, char* p) {
  assert(year >= 0 && year <= 99'999);
  const auto y = static_cast<unsigned>(static_cast<uint64_t>(year) % 100'000);
  if (y >= 10'000) {
    *p++ = static_cast<char>('0' + y / 10'000);
  }
  p = WriteTwoDigits(y / 100 % 100, p);
  return WriteTwoDigits(y % 100, p);
}

// Writes "YYYY-MM-DD<sep>HH:MM:SS" for `seconds` since the epoch.
char* WriteDateTime(int64_t seconds, char sep, char* p) {
  // Split without computing days * 86400, which could overflow near INT64_MIN.
  int64_t second_of_day = seconds % kSecondsPerDay;
  const int64_t days = seconds / kSecondsPerDay - (second_of_day < 0);
  second_of_day += second_of_day < 0 ? kSecondsPerDay : 0;
  const CivilDate c = CivilFromDays(days);
  const auto sod = static_cast<unsigned>(second_of_day);
  p = WriteYear(c.year, p);
  *p++ = '-';
  p = WriteTwoDigits(c.month, p);
  *p++ = '-';
  p = WriteTwoDigits(c.day, p);
  *p++ = sep;
  p = WriteTwoDigits(sod / 3600, p);
  *p++ = ':';
  p = WriteTwoDigits(sod / 60 % 60, p);
  *p++ = ':';
  return WriteTwoDigits(sod % 60, p);
}

// Writes '.' and the fraction without trailing zeros; nothing when nanos is 0.
char* WriteFraction(uint32_t nanos, char* p) {
  assert(nanos < 1'000'000'000);
  if (nanos == 0) {
    return p;
  }
  int digits = 9;
  while (nanos % 10 == 0) {
    nanos /= 10;
    --digits;
  }
  *p++ = '.';
  for (int i = digits - 1; i >= 0; --i) {  // at most 9 digits whatever nanos holds
    p[i] = static_cast<char>('0' + nanos % 10);
    nanos /= 10;
  }
  return p + digits;
}

// Writes "+HH:MM" or "-HH:MM".
char* WriteOffset(int offset_minutes, char* p) {
  assert(offset_minutes > -24 * 60 && offset_minutes < 24 * 60);
  *p++ = offset_minutes < 0 ? '-' : '+';
  const auto magnitude =
      static_cast<unsigned>(offset_minutes < 0 ? -offset_minutes : offset_minutes);
  p = WriteTwoDigits(magnitude / 60, p);
  *p++ = ':';
  return WriteTwoDigits(magnitude % 60, p);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Count years from March so the leap day falls at the end of the year and the
  // month lengths before it follow the 153-days-per-5-months pattern.
  const int64_t year_from_march = y - (m <= 2);
  const unsigned month_from_march = m > 2 ? m - 3 : m + 9;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + int64_t{d} - 1;
  return 365 * year_from_march + FloorDiv(year_from_march, 4) - FloorDiv(year_from_march, 100) +
         FloorDiv(year_from_march, 400) + day_of_year - kDaysTo1970FromMarch0000;
}

// The same March-based 400-year cycle as DaysFromCivil.
CivilDate CivilFromDays(int64_t days) {
  const int64_t from_march0 = days + kDaysTo1970FromMarch0000;
  const int64_t cycle = FloorDiv(from_march0, kDaysPer400Years);
  const auto day_of_cycle = static_cast<unsigned>(from_march0 - cycle * kDaysPer400Years);
  // Remove the leap days so that dividing by 365 gives the year: one day per
  // 4-year block (1460 days), given back per century (36524 days), and the
  // cycle's final leap day (day 146096).
  const unsigned year_of_cycle =
      (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
  const unsigned day_of_year =
      day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
  // Months from March have lengths 31,30,31,30,31 repeating: 153 days per 5.
  const unsigned month_from_march = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  const unsigned month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  return {cycle * 400 + year_of_cycle + (month <= 2), month, day};
}

unsigned WeekdayFromDays(int64_t days) {
  const int64_t from_a_sunday = days + 4;  // 1970-01-01 was a Thursday
  return static_cast<unsigned>(from_a_sunday - FloorDiv(from_a_sunday, 7) * 7);
}

TimestampParse ParseTimestamp(std::string_view text, Timestamp* out, const char** reason) {
  if (!HasDateTimeShape(text)) {
    return TimestampParse::kNotTimestamp;
  }
  Fields f;
  const char* error = ScanFields(text, &f);
  if (error == nullptr && !InRange(f)) {
    error = DescribeRangeError(f);
  }
  if (error != nullptr) {
    if (reason != nullptr) {
      *reason = error;
    }
    return TimestampParse::kMalformed;
  }
  const Timestamp ts = ToTimestamp(f);
  // An offset can move a wall time at either end of the calendar out of it (9999-12-31T23:00-02:00
  // is in year 10000 UTC); the UTC instant is what is stored, so it must be in range too.
  if (ts.epoch_seconds < kFirstUtcSecond || ts.epoch_seconds >= kEndUtcSecond) {
    if (reason != nullptr) {
      *reason = ts.epoch_seconds < kFirstUtcSecond ? kUtcBeforeYear1 : kUtcAfterYear9999;
    }
    return TimestampParse::kMalformed;
  }
  *out = ts;
  return TimestampParse::kOk;
}

size_t FormatUtc(const Timestamp& ts, char* out) {
  char* p = WriteDateTime(ts.epoch_seconds, ' ', out);
  p = WriteFraction(ts.nanos, p);
  return static_cast<size_t>(p - out);
}

size_t FormatWithOffset(const Timestamp& ts, char* out) {
  const bool write_z = ts.zulu || !ts.has_offset;
  const int offset = write_z ? 0 : ts.offset_minutes;
  // Unsigned addition: wraps instead of overflowing for out-of-contract input.
  const auto local = static_cast<int64_t>(static_cast<uint64_t>(ts.epoch_seconds) +
                                          static_cast<uint64_t>(int64_t{offset} * 60));
  char* p = WriteDateTime(local, 'T', out);
  p = WriteFraction(ts.nanos, p);
  if (write_z) {
    *p++ = 'Z';
  } else {
    p = WriteOffset(offset, p);
  }
  return static_cast<size_t>(p - out);
}

}  // namespace aq
