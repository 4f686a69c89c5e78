// Credential sources that ask a local endpoint: the container credentials
// endpoint (ECS, AWS Batch, EKS Pod Identity) and EC2 instance metadata.
#include <fstream>
#include <sstream>

#include "clients/aws/credential_sources.h"
#include "clients/aws/json_object.h"
#include "common/redact.h"
#include "common/text_format.h"

namespace aq::aws {
namespace {

constexpr char kContainerHost[] = "http://169.254.170.2";
constexpr char kImdsIpv4[] = "http://169.254.169.254";
constexpr char kImdsIpv6[] = "http://[fd00:ec2::254]";

// A full URI over plain HTTP must stay on this host or the container agent,
// as the SDKs require: the token must not travel to anyone else.
bool AllowedPlainHttpHost(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23";
}

// Credentials from the JSON that both the container endpoint and IMDS return.
Result<AwsCredentials> CredentialsFromJson(const std::string& body, const std::string& source) {
  auto members = ParseJsonObject(body);
  if (!members.ok()) return IoError(source + " answered with " + members.status().message());
  AwsCredentials out;
  out.access_key_id = Member(*members, "AccessKeyId").value_or("");
  out.secret_access_key = Member(*members, "SecretAccessKey").value_or("");
  out.session_token = Member(*members, "Token").value_or("");
  if (auto code = Member(*members, "Code"); code && *code != "Success") {
    return Unauthenticated(source + " reports " + *code + ": " +
                           Member(*members, "Message").value_or(""));
  }
  if (out.access_key_id.empty() || out.secret_access_key.empty()) {
    return IoError(source + " answered without AccessKeyId/SecretAccessKey");
  }
  if (auto expiration = Member(*members, "Expiration")) {
    AQ_ASSIGN_OR_RETURN(out.expiration, ParseAwsTimestamp(*expiration));
  }
  out.source = source;
  return out;
}

Result<std::string> ReadFileTrimmed(const std::string& path, const std::string& variable) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unauthenticated("cannot read " + path + " named by " + variable);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

SourceResult FromContainer(const CredentialContext& context, std::string* looked) {
  const EnvLookup& env = context.config->env;
  *looked = "container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (not set)";
  std::string url;
  if (auto relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = std::string(kContainerHost) + (relative->front() == '/' ? "" : "/") + *relative;
  } else if (auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    AQ_ASSIGN_OR_RETURN(http::Url parsed, http::ParseUrl(*full));
    if (parsed.scheme == "http" && !AllowedPlainHttpHost(parsed.host)) {
      return Unauthenticated("AWS_CONTAINER_CREDENTIALS_FULL_URI " + *full +
                             " must use https or a loopback/container-agent address");
    }
    url = *full;
  } else {
    return std::optional<AwsCredentials>();
  }
  http::HttpRequest request;
  request.url = url;
  request.headers.emplace_back("accept", "application/json");
  std::optional<std::string> token;
  if (auto token_file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    AQ_ASSIGN_OR_RETURN(token,
                        ReadFileTrimmed(*token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
  } else {
    token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }
  if (token) {
    if (token->find_first_of("\r\n") != std::string::npos) {
      return Unauthenticated("the container authorization token contains a line break");
    }
    redact::Register(*token);
    request.headers.emplace_back("authorization", *token);
  }
  std::string source = "container credentials endpoint " + url;
  auto response = context.container_http->Send(request);
  if (!response.ok()) {
    return Unavailable("cannot get credentials from the " + source + ": " +
                       response.status().message() +
                       " (is the container's credentials agent running?)");
  }
  if (response->status != 200) {
    return Unauthenticated("the " + source + " answered HTTP " + std::to_string(response->status) +
                           ": " + redact::Scrub(response->body.substr(0, 300)));
  }
  AQ_ASSIGN_OR_RETURN(AwsCredentials out, CredentialsFromJson(response->body, source));
  return std::optional<AwsCredentials>(std::move(out));
}

SourceResult FromInstanceMetadata(const CredentialContext& context, std::string* looked) {
  const AwsConfig& config = *context.config;
  const EnvLookup& env = config.env;
  std::string endpoint =
      env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
          .value_or(
              config.shared.Get(config.profile, "ec2_metadata_service_endpoint").value_or(""));
  if (endpoint.empty()) {
    std::string mode =
        env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
            .value_or(config.shared.Get(config.profile, "ec2_metadata_service_endpoint_mode")
                          .value_or("IPv4"));
    endpoint = AsciiLower(mode) == "ipv6" ? kImdsIpv6 : kImdsIpv4;
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  *looked = "EC2 instance metadata at " + endpoint;
  if (AsciiLower(env("AWS_EC2_METADATA_DISABLED").value_or("false")) == "true") {
    *looked += " (disabled by AWS_EC2_METADATA_DISABLED)";
    return std::optional<AwsCredentials>();
  }
  AQ_RETURN_IF_ERROR(
      http::ParseUrl(endpoint).status().WithContext("AWS_EC2_METADATA_SERVICE_ENDPOINT"));

  // IMDSv2: a session token first.
  http::HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = endpoint + "/latest/api/token";
  token_request.headers = {{"x-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto token_response = context.imds_http->Send(token_request);
  if (!token_response.ok()) {
    *looked += " (no answer: not an EC2 instance?)";
    return std::optional<AwsCredentials>();
  }
  std::string token;
  if (token_response->status == 200) {
    token = token_response->body;
    redact::Register(token);
  } else if (token_response->status == 403) {
    *looked += " (metadata access disabled on this instance)";
    return std::optional<AwsCredentials>();
  } else if (token_response->status != 404 && token_response->status != 405) {
    *looked += " (token request answered HTTP " + std::to_string(token_response->status) + ")";
    return std::optional<AwsCredentials>();
  }  // 404/405: an IMDSv1-only endpoint; go on without a token.

  auto get = [&](const std::string& path) {
    http::HttpRequest request;
    request.url = endpoint + path;
    if (!token.empty()) request.headers.emplace_back("x-aws-ec2-metadata-token", token);
    return context.imds_http->Send(request);
  };
  const std::string base = "/latest/meta-data/iam/security-credentials/";
  auto roles = get(base);
  if (!roles.ok())
    return Unavailable("EC2 instance metadata at " + endpoint + ": " + roles.status().message());
  if (roles->status == 404) {
    *looked += " (this instance has no IAM role attached)";
    return std::optional<AwsCredentials>();
  }
  if (roles->status != 200) {
    return Unavailable("EC2 instance metadata at " + endpoint + " answered HTTP " +
                       std::to_string(roles->status) + " when asked for its role");
  }
  std::string role = roles->body.substr(0, roles->body.find('\n'));
  while (!role.empty() && std::isspace(static_cast<unsigned char>(role.back()))) role.pop_back();
  if (role.empty()) {
    *looked += " (no IAM role listed)";
    return std::optional<AwsCredentials>();
  }
  auto credentials = get(base + http::UriEncode(role));
  if (!credentials.ok()) {
    return Unavailable("EC2 instance metadata at " + endpoint + ": " +
                       credentials.status().message());
  }
  if (credentials->status != 200) {
    return Unavailable("EC2 instance metadata at " + endpoint + " answered HTTP " +
                       std::to_string(credentials->status) + " for role " + role);
  }
  AQ_ASSIGN_OR_RETURN(
      AwsCredentials out,
      CredentialsFromJson(credentials->body, "EC2 instance metadata (role " + role + ")"));
  return std::optional<AwsCredentials>(std::move(out));
}

}  // namespace aq::aws
