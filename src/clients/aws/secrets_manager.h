// Secrets Manager GetSecretValue over the JSON 1.1 protocol.
//
// The secret's value is registered with common/redact as soon as it arrives,
// and, when it is a JSON object, each of its member values too, so no part of
// it can reach a message or a log.
//
// Thread safety: thread-safe. Ownership: shares the AwsSession.
#pragma once

#include <memory>
#include <string>

#include "clients/aws/aws_session.h"

namespace aq::aws {

struct SecretValue {
  std::string arn;
  std::string name;
  std::string secret_string;  // secret; never print
};

// The region a secret is read from: the ARN's own region when `secret_id` is an ARN, else
// `session_region`.
std::string SecretRegion(const std::string& secret_id, const std::string& session_region);

class SecretsManagerClient {
 public:
  explicit SecretsManagerClient(std::shared_ptr<AwsSession> session);

  // `secret_id` is a name ("snowflake/capstone/login") or an ARN.
  Result<SecretValue> GetSecretValue(const std::string& secret_id);

 private:
  std::shared_ptr<AwsSession> session_;
};

}  // namespace aq::aws
