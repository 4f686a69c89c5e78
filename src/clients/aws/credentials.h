// AWS credentials as a value, and the interface of anything that supplies them.
//
// Thread safety: AwsCredentials is a value. CredentialsProvider
// implementations must allow concurrent Get calls.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/redact.h"
#include "common/status.h"

namespace aq::aws {

using Clock = std::chrono::system_clock;

struct AwsCredentials {
  std::string access_key_id;
  Secret secret_access_key;                     // never formatted (common/redact.h)
  Secret session_token;                         // empty for long-term keys
  std::optional<Clock::time_point> expiration;  // none for long-term keys
  std::string source;  // where they came from, for messages: "environment", "profile dev", ...
};

// Parses the timestamps AWS puts in credential responses:
// "2030-01-01T00:00:00Z", with optional fractional seconds and "+00:00".
Result<Clock::time_point> ParseAwsTimestamp(const std::string& text);
std::string FormatAwsTimestamp(Clock::time_point time);

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Credentials valid for at least the next few minutes, or why there are none.
  virtual Result<AwsCredentials> Get() = 0;
};

}  // namespace aq::aws
