// libFuzzer target for the timestamp parser and formatters.
//
// Checks, beyond what the sanitizers catch: a malformed result always carries a
// reason; a parsed result is within the documented ranges; both formatters stay
// within kMaxTimestampText; FormatWithOffset's output parses back to the same
// instant and offset; FormatUtc's output parses back to the same instant unless
// its UTC year falls outside 0001-9999.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "normalize/timestamp.h"

namespace {

constexpr int64_t kFirstSecondOfYear1 = -62'135'596'800;    // 0001-01-01T00:00:00Z
constexpr int64_t kLastSecondOfYear9999 = 253'402'300'799;  // 9999-12-31T23:59:59Z

void Check(bool condition, const char* what, std::string_view input) {
  if (condition) {
    return;
  }
  std::fprintf(stderr, "timestamp_fuzz: %s for input \"%.*s\"\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

bool SameInstant(const aq::Timestamp& a, const aq::Timestamp& b) {
  return a.epoch_seconds == b.epoch_seconds && a.nanos == b.nanos;
}

void CheckWithOffsetRoundTrip(const aq::Timestamp& ts, std::string_view input) {
  char buf[aq::kMaxTimestampText];
  const size_t n = aq::FormatWithOffset(ts, buf);
  Check(n <= aq::kMaxTimestampText, "FormatWithOffset overran", input);
  aq::Timestamp again;
  const char* reason = nullptr;
  Check(aq::ParseTimestamp({buf, n}, &again, &reason) == aq::TimestampParse::kOk,
        "FormatWithOffset output does not parse", input);
  Check(SameInstant(ts, again), "FormatWithOffset changed the instant", input);
  const bool had_numeric_offset = ts.has_offset && !ts.zulu;
  Check(again.offset_minutes == (had_numeric_offset ? ts.offset_minutes : 0),
        "FormatWithOffset changed the offset", input);
}

void CheckUtcRoundTrip(const aq::Timestamp& ts, std::string_view input) {
  char buf[aq::kMaxTimestampText];
  const size_t n = aq::FormatUtc(ts, buf);
  Check(n <= aq::kMaxTimestampText, "FormatUtc overran", input);
  const bool year_in_range =
      ts.epoch_seconds >= kFirstSecondOfYear1 && ts.epoch_seconds <= kLastSecondOfYear9999;
  aq::Timestamp again;
  const aq::TimestampParse result = aq::ParseTimestamp({buf, n}, &again, nullptr);
  if (year_in_range) {
    Check(result == aq::TimestampParse::kOk, "FormatUtc output does not parse", input);
    Check(SameInstant(ts, again), "FormatUtc changed the instant", input);
  } else {
    Check(result != aq::TimestampParse::kOk, "FormatUtc year out of range but parsed", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  aq::Timestamp ts;
  const char* reason = nullptr;
  switch (aq::ParseTimestamp(input, &ts, &reason)) {
    case aq::TimestampParse::kNotTimestamp:
      return 0;
    case aq::TimestampParse::kMalformed:
      Check(reason != nullptr && reason[0] != '\0', "malformed without a reason", input);
      return 0;
    case aq::TimestampParse::kOk:
      break;
  }
  Check(ts.nanos < 1'000'000'000, "nanos out of range", input);
  Check(ts.offset_minutes > -24 * 60 && ts.offset_minutes < 24 * 60, "offset out of range", input);
  Check(!ts.zulu || (ts.has_offset && ts.offset_minutes == 0), "inconsistent zulu", input);
  CheckWithOffsetRoundTrip(ts, input);
  CheckUtcRoundTrip(ts, input);
  return 0;
}
