// AwsSession: one process's connection to AWS — configuration, HTTP clients,
// STS and the credential chain — shared by the S3 file system and the
// Secrets Manager client so that credentials are resolved once.
//
// Thread safety: every method may be called from many threads.
// Ownership: held by shared_ptr; clients keep their session alive.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "clients/aws/aws_config.h"
#include "clients/aws/credential_chain.h"
#include "clients/aws/sts_client.h"
#include "clients/http/http_client.h"

namespace aq::aws {

class AwsSession {
 public:
  static Result<std::shared_ptr<AwsSession>> Create(AwsConfig config);
  // LoadAwsConfig() from the process environment, then Create.
  static Result<std::shared_ptr<AwsSession>> FromEnvironment();
  // One session per process, created from the environment on first use, so
  // that s3:// paths and --secret share credentials. A failure is not cached.
  static Result<std::shared_ptr<AwsSession>> Shared();

  const AwsConfig& config() const { return config_; }
  http::HttpClient& http() { return *http_; }
  StsClient& sts() { return *sts_; }
  CredentialsProvider& credentials() { return *chain_; }

  // The ARN of the identity in use, for access-denied messages; when it
  // cannot be had, a short note saying why. Asked once, then cached.
  std::string DescribeCaller();

  explicit AwsSession(AwsConfig config);  // use Create

 private:
  AwsConfig config_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<http::HttpClient> container_http_;
  std::unique_ptr<http::HttpClient> imds_http_;
  std::unique_ptr<StsClient> sts_;
  std::unique_ptr<CredentialChain> chain_;
  std::mutex mu_;
  std::optional<std::string> caller_;
};

}  // namespace aq::aws
