// CredentialChain: the AWS CLI's default credential chain, with caching.
//
// Order (botocore's): environment; the profile's role_arn (assume role);
// web identity from AWS_WEB_IDENTITY_TOKEN_FILE; the profile's keys in the
// credentials file, then in the config file; the container credentials
// endpoint; EC2 instance metadata (IMDSv2).
//
// The first source that yields credentials wins and is remembered. Temporary
// credentials are fetched again from that source kRefreshMargin before their
// Expiration; if that refresh fails while the old ones are still valid, the
// old ones are used. When no source has credentials, the error lists every
// place looked, in order.
//
// Thread safety: Get may be called from many threads; one refresh at a time.
// Ownership: borrows what the context points to.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clients/aws/credential_sources.h"

namespace aq::aws {

struct NamedSource {
  std::string name;  // "environment", "container", ...
  std::function<SourceResult(const CredentialContext&, std::string* looked)> load;
};

std::vector<NamedSource> DefaultCredentialSources();

class CredentialChain : public CredentialsProvider {
 public:
  static constexpr std::chrono::minutes kRefreshMargin{5};

  explicit CredentialChain(
      CredentialContext context, std::vector<NamedSource> sources = DefaultCredentialSources(),
      std::function<Clock::time_point()> now = [] { return Clock::now(); });

  Result<AwsCredentials> Get() override;

 private:
  Result<AwsCredentials> Walk();
  Result<AwsCredentials> Checked(AwsCredentials credentials) const;

  CredentialContext context_;
  std::vector<NamedSource> sources_;
  std::function<Clock::time_point()> now_;
  std::mutex mu_;
  std::optional<AwsCredentials> cached_;
  int winner_ = -1;
};

}  // namespace aq::aws
