// AWS credentials as a value, and the interface of anything that supplies them.
//
// Thread safety: AwsCredentials is a value. CredentialsProvider
// implementations must allow concurrent Get calls.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/status.h"

namespace aq::aws {

using Clock = std::chrono::system_clock;

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret: registered with common/redact
  std::string session_token;      // secret; empty for long-term keys
  std::optional<Clock::time_point> expiration;  // none for long-term keys
  std::string source;  // where they came from, for messages: "environment", "profile dev", ...
};

// Registers the secret parts of `credentials` with the redaction registry.
void RegisterSecrets(const AwsCredentials& credentials);

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Credentials valid for at least the next few minutes, or why there are none.
  virtual Result<AwsCredentials> Get() = 0;
};

}  // namespace aq::aws
