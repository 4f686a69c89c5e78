// Errors that AWS services return, read from a response and turned into an
// aq::Status whose message says what failed and what to do.
//
// S3 and STS answer with XML (<Error><Code>..</Code><Message>..</Message>);
// Secrets Manager with JSON ({"__type": "...", "message": "..."}) and the
// x-amzn-ErrorType header. Messages from the service are scrubbed of
// registered secrets before they are put into a Status.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "clients/http/http_types.h"
#include "common/status.h"

namespace aq::aws {

struct AwsError {
  long http_status = 0;
  std::string code;     // "NoSuchKey", "AccessDenied", "ExpiredToken", ...
  std::string message;  // the service's own words, scrubbed
  std::string request_id;
  int attempts = 1;
};

AwsError ParseAwsError(const http::HttpResponse& response);

enum class ErrorKind {
  kAccessDenied,
  kNotFound,
  kExpiredToken,
  kBadCredentials,  // unknown key id, signature mismatch
  kThrottledOrUnavailable,
  kRedirect,  // S3 wrong region
  kOther,
};

ErrorKind ClassifyAwsError(const AwsError& error);

// A Status for `error` met while doing `what` ("reading s3://b/k"). Access
// denials get `identity` (the caller's ARN, or a note why it is unknown) and
// `fix`, a hint of the permission to ask for.
Status AwsErrorStatus(const AwsError& error, const std::string& what,
                      const std::string& identity = "", const std::string& fix = "");

}  // namespace aq::aws
