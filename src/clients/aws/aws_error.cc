#include "clients/aws/aws_error.h"

#include <simdjson.h>

#include "clients/aws/xml.h"
#include "common/redact.h"

namespace aq::aws {
namespace {

// "aws.protocols#ResourceNotFoundException:http://..." -> "ResourceNotFoundException".
std::string ShortType(std::string type) {
  if (size_t colon = type.find(':'); colon != std::string::npos) type.resize(colon);
  if (size_t hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  return type;
}

void ParseJsonError(const std::string& body, AwsError& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body).get(doc) != simdjson::SUCCESS) return;
  std::string_view value;
  if (error.code.empty() && doc["__type"].get_string().get(value) == simdjson::SUCCESS) {
    error.code = ShortType(std::string(value));
  }
  if (doc["message"].get_string().get(value) == simdjson::SUCCESS ||
      doc["Message"].get_string().get(value) == simdjson::SUCCESS) {
    error.message = std::string(value);
  }
}

std::string DefaultCodeFor(long status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 403:
      return "AccessDenied";
    case 404:
      return "NotFound";
    case 429:
      return "Throttling";
    case 503:
      return "ServiceUnavailable";
    default:
      return "HTTP" + std::to_string(status);
  }
}

}  // namespace

AwsError ParseAwsError(const http::HttpResponse& response) {
  AwsError error;
  error.http_status = response.status;
  error.attempts = response.attempts;
  error.request_id =
      http::FindHeader(response.headers, "x-amz-request-id")
          .value_or(http::FindHeader(response.headers, "x-amzn-requestid").value_or(""));
  if (auto type = http::FindHeader(response.headers, "x-amzn-errortype"))
    error.code = ShortType(*type);
  const std::string& body = response.body;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '<') {
    if (auto code = xml::Text(body, "Code")) error.code = *code;
    if (auto message = xml::Text(body, "Message")) error.message = *message;
    if (error.request_id.empty()) error.request_id = xml::Text(body, "RequestId").value_or("");
  } else if (first != std::string::npos && body[first] == '{') {
    ParseJsonError(body, error);
  }
  if (error.code.empty()) error.code = DefaultCodeFor(response.status);
  error.message = redact::Scrub(error.message);
  return error;
}

ErrorKind ClassifyAwsError(const AwsError& e) {
  const std::string& c = e.code;
  if (c == "AccessDenied" || c == "AccessDeniedException" || c == "AllAccessDisabled" ||
      c == "AuthorizationError") {
    return ErrorKind::kAccessDenied;
  }
  if (c == "ExpiredToken" || c == "ExpiredTokenException" || c == "TokenRefreshRequired" ||
      c == "RequestExpired") {
    return ErrorKind::kExpiredToken;
  }
  if (c == "InvalidAccessKeyId" || c == "SignatureDoesNotMatch" || c == "InvalidClientTokenId" ||
      c == "UnrecognizedClientException" || c == "InvalidSignatureException" ||
      c == "InvalidToken" || c == "IncompleteSignature") {
    return ErrorKind::kBadCredentials;
  }
  if (c == "NoSuchKey" || c == "NoSuchBucket" || c == "NoSuchUpload" ||
      c == "ResourceNotFoundException" || c == "NotFound" || e.http_status == 404) {
    return ErrorKind::kNotFound;
  }
  if (c == "PermanentRedirect" || c == "AuthorizationHeaderMalformed" || e.http_status == 301 ||
      e.http_status == 307) {
    return ErrorKind::kRedirect;
  }
  if (e.http_status == 429 || e.http_status >= 500 || c == "SlowDown" || c == "Throttling" ||
      c == "ThrottlingException" || c == "RequestLimitExceeded") {
    return ErrorKind::kThrottledOrUnavailable;
  }
  if (e.http_status == 403) return ErrorKind::kAccessDenied;
  return ErrorKind::kOther;
}

Status AwsErrorStatus(const AwsError& error, const std::string& what, const std::string& identity,
                      const std::string& fix) {
  std::string detail = error.code;
  if (!error.message.empty()) detail += ": " + error.message;
  if (!error.request_id.empty()) detail += " (request id " + error.request_id + ")";
  switch (ClassifyAwsError(error)) {
    case ErrorKind::kAccessDenied: {
      std::string message = "access denied " + what;
      message += identity.empty() ? "" : " for identity " + identity;
      message += " [" + detail + "]";
      message += fix.empty() ? "; grant that identity access or use another profile" : "; " + fix;
      return PermissionDenied(message);
    }
    case ErrorKind::kExpiredToken:
      return Unauthenticated(
          "expired token " + what + " [" + detail +
          "]: the session credentials have expired; refresh them (aws sso login, a new "
          "AWS_SESSION_TOKEN, or let the role provider renew them) and run again");
    case ErrorKind::kBadCredentials:
      return Unauthenticated(
          "AWS rejected the credentials " + what + " [" + detail +
          "]: check the access key, secret key and session token in use (aqpipe aws-check "
          "shows which source they come from)");
    case ErrorKind::kNotFound:
      return NotFound(what + " [" + detail + "]");
    case ErrorKind::kThrottledOrUnavailable:
      return Unavailable(what + " [" + detail + "]: still failing after " +
                         std::to_string(error.attempts) +
                         (error.attempts == 1 ? " attempt" : " attempts") +
                         "; try again later, or raise AWS_MAX_ATTEMPTS");
    case ErrorKind::kRedirect:
      return FailedPrecondition(what + " [" + detail +
                                "]: the bucket is in another region; set AWS_REGION");
    case ErrorKind::kOther:
      break;
  }
  if (error.http_status >= 400 && error.http_status < 500) {
    return InvalidArgument(what + " [" + detail + "]");
  }
  return IoError(what + " [HTTP " + std::to_string(error.http_status) + " " + detail + "]");
}

}  // namespace aq::aws
