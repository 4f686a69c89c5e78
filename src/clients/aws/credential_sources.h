// The credential sources of the AWS CLI's default chain, one function each.
//
// A source returns std::nullopt when it is not configured here (the chain
// then tries the next one) and writes into *looked where it looked, for the
// "no credentials found" message. It returns an error when it is configured
// but fails (a profile whose role cannot be assumed, an unreachable container
// endpoint): like the AWS CLI, the chain then stops with that error instead
// of quietly using other credentials.
//
// Thread safety: the functions are reentrant; the context's clients are thread-safe.
// Ownership: the context borrows everything it points to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clients/aws/aws_config.h"
#include "clients/aws/credentials.h"
#include "clients/aws/sts_client.h"
#include "clients/http/http_client.h"

namespace aq::aws {

struct CredentialContext {
  const AwsConfig* config = nullptr;
  StsClient* sts = nullptr;
  http::HttpClient* container_http = nullptr;  // short timeouts, a few attempts
  http::HttpClient* imds_http = nullptr;       // AWS_METADATA_SERVICE_TIMEOUT / _NUM_ATTEMPTS
};

using SourceResult = Result<std::optional<AwsCredentials>>;

SourceResult FromEnvironment(const CredentialContext& context, std::string* looked);
// A profile with role_arn: assume the role from its source_profile,
// credential_source or web_identity_token_file.
SourceResult FromProfileRole(const CredentialContext& context, std::string* looked);
// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (EKS, Conveyor).
SourceResult FromWebIdentity(const CredentialContext& context, std::string* looked);
// Static keys of the profile in the credentials file, then in the config file.
SourceResult FromCredentialsFile(const CredentialContext& context, std::string* looked);
SourceResult FromConfigFile(const CredentialContext& context, std::string* looked);
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (ECS, AWS Batch, EKS Pod Identity).
SourceResult FromContainer(const CredentialContext& context, std::string* looked);
// EC2 instance metadata, IMDSv2 (token PUT, then GETs), falling back to v1
// only when the token call is not supported.
SourceResult FromInstanceMetadata(const CredentialContext& context, std::string* looked);

// How a profile's credentials are obtained, read from the shared files
// without any network call: a base, then roles assumed in order.
struct RoleStep {
  std::string profile;
  AssumeRoleRequest request;
};
struct ProfilePlan {
  enum class Base { kStaticKeys, kEnvironment, kContainer, kInstanceMetadata, kWebIdentity };
  Base base = Base::kStaticKeys;
  std::string base_profile;  // whose keys or web_identity_token_file is used
  std::vector<RoleStep> roles;
};
Result<ProfilePlan> PlanProfileCredentials(const SharedConfig& shared, const std::string& profile);

}  // namespace aq::aws
