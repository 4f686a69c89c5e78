// AwsConfig: everything aqpipe reads from the environment and the shared AWS
// files before talking to AWS — profile, region, endpoint overrides, HTTP
// timeouts and retry budget — resolved once, in the AWS CLI's order.
//
//   profile:   AWS_PROFILE (or AWS_DEFAULT_PROFILE), else "default"
//   files:     AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else
//              $HOME/.aws/credentials and $HOME/.aws/config
//   region:    AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`,
//              else us-east-1 (S3 then follows a bucket's region redirect)
//   endpoints: AWS_ENDPOINT_URL_S3 / _STS / _SECRETS_MANAGER, then
//              AWS_ENDPOINT_URL, then the profile's `endpoint_url`; an
//              overridden S3 endpoint uses path-style addressing
//   retries:   AWS_MAX_ATTEMPTS or the profile's `max_attempts` (default 5);
//              AQPIPE_AWS_CONNECT_TIMEOUT_MS and AQPIPE_AWS_READ_TIMEOUT
//              (seconds) tune the HTTP timeouts
//
// Thread safety: a value once loaded; read-only afterwards.
#pragma once

#include <string>

#include "clients/aws/environment.h"
#include "clients/aws/shared_config.h"
#include "clients/http/http_client.h"
#include "clients/http/url.h"
#include "common/status.h"

namespace aq::aws {

struct AwsConfig {
  EnvLookup env;
  std::string profile = "default";
  bool profile_explicit = false;  // named by AWS_PROFILE: it must then exist
  SharedConfig shared;
  std::string region;
  std::string region_source;  // for messages: "AWS_REGION", "profile default in ~/.aws/config", ...
  std::string s3_endpoint;    // empty: AWS's own, virtual-host style
  std::string sts_endpoint;
  std::string secrets_endpoint;
  http::HttpClientOptions http;
};

Result<AwsConfig> LoadAwsConfig(EnvLookup env = ProcessEnvironment());

// "https://sts.eu-west-1.amazonaws.com" or the configured override, no trailing '/'.
std::string StsEndpoint(const AwsConfig& config);
std::string SecretsManagerEndpoint(const AwsConfig& config);

// Whether `region` looks like an AWS region name (it is put into host names).
bool IsValidRegion(const std::string& region);

}  // namespace aq::aws
