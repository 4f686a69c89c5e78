#include "clients/aws/secrets_manager.h"

#include <string_view>

#include "clients/aws/aws_error.h"
#include "clients/aws/json_object.h"
#include "clients/aws/sigv4.h"
#include "common/redact.h"

namespace aq::aws {
namespace {

std::string JsonQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string SecretRegion(const std::string& secret_id, const std::string& session_region) {
  // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>
  static constexpr std::string_view kPrefix = "arn:";
  if (secret_id.rfind(kPrefix, 0) != 0) return session_region;
  size_t partition_end = secret_id.find(':', kPrefix.size());
  if (partition_end == std::string::npos) return session_region;
  size_t service_end = secret_id.find(':', partition_end + 1);
  if (service_end == std::string::npos) return session_region;
  size_t region_end = secret_id.find(':', service_end + 1);
  if (region_end == std::string::npos || region_end == service_end + 1) return session_region;
  return secret_id.substr(service_end + 1, region_end - service_end - 1);
}

SecretsManagerClient::SecretsManagerClient(std::shared_ptr<AwsSession> session)
    : session_(std::move(session)) {}

Result<SecretValue> SecretsManagerClient::GetSecretValue(const std::string& secret_id) {
  // A secret named by ARN lives in the ARN's region (a job in another region or account reads
  // the class account's secret in eu-west-1): sign for, and call, that region.
  AwsConfig config = session_->config();
  config.region = SecretRegion(secret_id, config.region);
  std::string endpoint = SecretsManagerEndpoint(config);
  std::string what = "reading secret '" + secret_id + "' from Secrets Manager at " + endpoint;
  std::string body = "{\"SecretId\":" + JsonQuote(secret_id) + "}";
  http::HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/";
  request.headers = {{"content-type", "application/x-amz-json-1.1"},
                     {"x-amz-target", "secretsmanager.GetSecretValue"}};
  request.body = body;
  request.retry_safety = http::RetrySafety::kSafe;  // a read
  AQ_ASSIGN_OR_RETURN(AwsCredentials credentials, session_->credentials().Get());
  SignOptions options;
  options.region = config.region;
  options.service = "secretsmanager";
  AQ_RETURN_IF_ERROR(SignRequest(request, credentials, options));

  auto response = session_->http().Send(request);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->status != 200) {
    AwsError error = ParseAwsError(*response);
    switch (ClassifyAwsError(error)) {
      case ErrorKind::kAccessDenied:
        return AwsErrorStatus(
            error, "to secret '" + secret_id + "'", session_->DescribeCaller(),
            "the identity needs secretsmanager:GetSecretValue on that secret (and "
            "kms:Decrypt on its key)");
      case ErrorKind::kNotFound:
        return NotFound("no such secret '" + secret_id + "' in region " + config.region + " (" +
                        error.message +
                        "); check the name, the region (AWS_REGION) and the account");
      default:
        return AwsErrorStatus(error, what);
    }
  }
  // The whole response holds the secret: register it before anything else.
  auto members = ParseJsonObject(response->body);
  if (!members.ok())
    return IoError(what + ": Secrets Manager answered with " + members.status().message());
  SecretValue out;
  out.arn = Member(*members, "ARN").value_or("");
  out.name = Member(*members, "Name").value_or(secret_id);
  auto secret_string = Member(*members, "SecretString");
  if (!secret_string) {
    return InvalidArgument("secret '" + secret_id +
                           "' has no SecretString (binary secrets are not supported)");
  }
  out.secret_string = std::move(*secret_string);
  // The whole string is a last-resort filter entry; its secret members become Secrets where the
  // login is parsed (ParseWarehouseLogin). User, account, URL and database are not secret: masking
  // them would mangle every message that contains the same word (a bucket, a file name).
  redact::Register(out.secret_string);
  return out;
}

}  // namespace aq::aws
