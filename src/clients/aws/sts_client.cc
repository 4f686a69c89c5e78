#include "clients/aws/sts_client.h"

#include "clients/aws/aws_error.h"
#include "clients/aws/sigv4.h"
#include "clients/aws/xml.h"

namespace aq::aws {
namespace {

std::string SessionName(const std::string& requested) {
  if (!requested.empty()) return requested;
  return "aqpipe-" + std::to_string(Clock::to_time_t(Clock::now()));
}

Result<AwsCredentials> CredentialsFromResponse(const std::string& body, const std::string& source) {
  auto blocks = xml::Elements(body, "Credentials");
  if (blocks.empty()) return IoError("STS answered without credentials (" + source + ")");
  AwsCredentials out;
  out.access_key_id = xml::Text(blocks[0], "AccessKeyId").value_or("");
  out.secret_access_key = xml::Text(blocks[0], "SecretAccessKey").value_or("");
  out.session_token = xml::Text(blocks[0], "SessionToken").value_or("");
  if (out.access_key_id.empty() || out.secret_access_key.empty()) {
    return IoError("STS answered with incomplete credentials (" + source + ")");
  }
  if (auto expiration = xml::Text(blocks[0], "Expiration")) {
    AQ_ASSIGN_OR_RETURN(out.expiration, ParseAwsTimestamp(*expiration));
  }
  out.source = source;
  return out;
}

}  // namespace

StsClient::StsClient(http::HttpClient* http, std::string endpoint, std::string region)
    : http_(http), endpoint_(std::move(endpoint)), region_(std::move(region)) {}

Result<std::string> StsClient::Call(const std::string& action, http::QueryParams params,
                                    const AwsCredentials* caller, const std::string& what) {
  params.insert(params.begin(), {{"Action", action}, {"Version", "2011-06-15"}});
  std::string body = http::BuildQuery(params);
  http::HttpRequest request;
  request.method = "POST";
  request.url = endpoint_ + "/";
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = body;
  // These calls only issue credentials or describe the caller: repeating one has no effect.
  request.retry_safety = http::RetrySafety::kSafe;
  if (caller != nullptr) {
    SignOptions options;
    options.region = region_;
    options.service = "sts";
    AQ_RETURN_IF_ERROR(SignRequest(request, *caller, options));
  }
  auto response = http_->Send(request);
  if (!response.ok()) return response.status().WithContext(what + " at " + endpoint_);
  if (response->status != 200)
    return AwsErrorStatus(ParseAwsError(*response), what + " at " + endpoint_);
  return std::move(response->body);
}

Result<AwsCredentials> StsClient::AssumeRole(const AwsCredentials& caller,
                                             const AssumeRoleRequest& request) {
  http::QueryParams params = {{"RoleArn", request.role_arn},
                              {"RoleSessionName", SessionName(request.session_name)}};
  if (!request.external_id.empty()) params.emplace_back("ExternalId", request.external_id);
  if (request.duration_seconds > 0)
    params.emplace_back("DurationSeconds", std::to_string(request.duration_seconds));
  std::string what =
      "assuming role " + request.role_arn + " with credentials from " + caller.source;
  AQ_ASSIGN_OR_RETURN(std::string body, Call("AssumeRole", std::move(params), &caller, what));
  return CredentialsFromResponse(body, "role " + request.role_arn);
}

Result<AwsCredentials> StsClient::AssumeRoleWithWebIdentity(const AssumeRoleRequest& request,
                                                            const std::string& token) {
  http::QueryParams params = {{"RoleArn", request.role_arn},
                              {"RoleSessionName", SessionName(request.session_name)},
                              {"WebIdentityToken", token}};
  if (request.duration_seconds > 0)
    params.emplace_back("DurationSeconds", std::to_string(request.duration_seconds));
  std::string what = "assuming role " + request.role_arn + " with a web identity token";
  AQ_ASSIGN_OR_RETURN(std::string body,
                      Call("AssumeRoleWithWebIdentity", std::move(params), nullptr, what));
  return CredentialsFromResponse(body, "web identity role " + request.role_arn);
}

Result<std::string> StsClient::GetCallerIdentityArn(const AwsCredentials& caller) {
  AQ_ASSIGN_OR_RETURN(std::string body,
                      Call("GetCallerIdentity", {}, &caller, "asking STS who the caller is"));
  auto arn = xml::Text(body, "Arn");
  if (!arn || arn->empty()) return IoError("STS GetCallerIdentity answered without an Arn");
  return *arn;
}

}  // namespace aq::aws
