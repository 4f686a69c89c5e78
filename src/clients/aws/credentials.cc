#include "clients/aws/credentials.h"

#include <ctime>

#include "common/redact.h"
#include "common/text_format.h"

namespace aq::aws {

Result<Clock::time_point> ParseAwsTimestamp(const std::string& text) {
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return InvalidArgument("timestamp '" + text + "' is not ISO 8601");
  if (*rest == '.') {
    ++rest;
    while (*rest >= '0' && *rest <= '9') ++rest;
  }
  long offset_seconds = 0;
  if (*rest == 'Z' || *rest == 'z') {
    ++rest;
  } else if (*rest == '+' || *rest == '-') {
    int hours = 0, minutes = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) {
      return InvalidArgument("timestamp '" + text + "' has a bad UTC offset");
    }
    offset_seconds = (hours * 3600L + minutes * 60L) * (*rest == '+' ? 1 : -1);
    rest += 6;
  }
  if (*rest != '\0') return InvalidArgument("timestamp '" + text + "' has trailing text");
  return Clock::from_time_t(timegm(&tm) - offset_seconds);
}

std::string FormatAwsTimestamp(Clock::time_point time) {
  return FormatUtcTime(Clock::to_time_t(time), "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace aq::aws
