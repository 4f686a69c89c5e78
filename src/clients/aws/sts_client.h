// STS over its Query protocol (form-encoded POST, XML answers): the calls the
// credential chain and error messages need.
//
// Thread safety: thread-safe (stateless beyond its HttpClient).
// Ownership: borrows the HttpClient, which must outlive it.
#pragma once

#include <string>

#include "clients/aws/credentials.h"
#include "clients/http/http_client.h"
#include "clients/http/url.h"

namespace aq::aws {

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;  // empty: "aqpipe-<unix time>"
  std::string external_id;
  int duration_seconds = 0;  // 0: the role's default
};

class StsClient {
 public:
  // `endpoint` like "https://sts.eu-west-1.amazonaws.com" (no trailing '/').
  StsClient(http::HttpClient* http, std::string endpoint, std::string region);

  Result<AwsCredentials> AssumeRole(const AwsCredentials& caller, const AssumeRoleRequest& request);
  // Unsigned: the web identity token is the proof of identity.
  Result<AwsCredentials> AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                   const std::string& token);
  // The ARN of the identity the credentials belong to.
  Result<std::string> GetCallerIdentityArn(const AwsCredentials& caller);

  const std::string& endpoint() const { return endpoint_; }

 private:
  Result<std::string> Call(const std::string& action, http::QueryParams params,
                           const AwsCredentials* caller, const std::string& what);

  http::HttpClient* http_;
  std::string endpoint_;
  std::string region_;
};

}  // namespace aq::aws
