#include "clients/aws/aws_session.h"

namespace aq::aws {
namespace {

int EnvInt(const EnvLookup& env, const char* name, int fallback) {
  auto value = env(name);
  if (!value) return fallback;
  int parsed = std::atoi(value->c_str());
  return parsed > 0 ? parsed : fallback;
}

}  // namespace

AwsSession::AwsSession(AwsConfig config) : config_(std::move(config)) {
  http_ = std::make_unique<http::HttpClient>(config_.http);

  // Credential endpoints are local: short timeouts, so that a machine
  // without them fails over quickly (the SDKs' defaults).
  http::HttpClientOptions container = config_.http;
  container.connect_timeout = std::chrono::milliseconds(2000);
  container.read_timeout = std::chrono::seconds(5);
  container.retry.max_attempts = 3;
  container.retry.max_total_time = std::chrono::milliseconds(15'000);
  container_http_ = std::make_unique<http::HttpClient>(container);

  http::HttpClientOptions imds = config_.http;
  int timeout = EnvInt(config_.env, "AWS_METADATA_SERVICE_TIMEOUT", 1);
  imds.connect_timeout = std::chrono::milliseconds(1000 * timeout);
  imds.read_timeout = std::chrono::seconds(timeout);
  imds.retry.max_attempts = EnvInt(config_.env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1);
  imds.retry.max_total_time = std::chrono::milliseconds(10'000);
  imds_http_ = std::make_unique<http::HttpClient>(imds);

  sts_ = std::make_unique<StsClient>(http_.get(), StsEndpoint(config_), config_.region);
  CredentialContext context{&config_, sts_.get(), container_http_.get(), imds_http_.get()};
  chain_ = std::make_unique<CredentialChain>(context);
}

Result<std::shared_ptr<AwsSession>> AwsSession::Create(AwsConfig config) {
  return std::make_shared<AwsSession>(std::move(config));
}

Result<std::shared_ptr<AwsSession>> AwsSession::FromEnvironment() {
  AQ_ASSIGN_OR_RETURN(AwsConfig config, LoadAwsConfig());
  return Create(std::move(config));
}

Result<std::shared_ptr<AwsSession>> AwsSession::Shared() {
  static std::mutex mu;
  static std::shared_ptr<AwsSession>* shared =
      new std::shared_ptr<AwsSession>();  // lives until exit
  std::lock_guard lock(mu);
  if (*shared == nullptr) {
    AQ_ASSIGN_OR_RETURN(*shared, FromEnvironment());
  }
  return *shared;
}

std::string AwsSession::DescribeCaller() {
  std::lock_guard lock(mu_);
  if (caller_) return *caller_;
  auto credentials = chain_->Get();
  if (!credentials.ok()) {
    caller_ = "(unknown: " + credentials.status().message() + ")";
  } else {
    auto arn = sts_->GetCallerIdentityArn(*credentials);
    caller_ = arn.ok() ? *arn + " (credentials from " + credentials->source + ")"
                       : "with credentials from " + credentials->source +
                             " (STS GetCallerIdentity failed: " + arn.status().message() + ")";
  }
  return *caller_;
}

}  // namespace aq::aws
