// AWS Signature Version 4 (header-based), on crypto.h.
//
// ComputeSignature is the pure algorithm over an explicit canonical input, so
// that it can be checked against AWS's published test-suite vectors step by
// step (canonical request, string to sign, signature). SignRequest applies it
// to an HttpRequest: it adds host, x-amz-date, x-amz-security-token (for
// temporary credentials), x-amz-content-sha256 (S3) and Authorization.
//
// S3 differs from other services in two ways handled here: the path is
// signed as sent (not encoded a second time), and the payload hash travels in
// the x-amz-content-sha256 header (a hex hash, or UNSIGNED-PAYLOAD).
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "clients/aws/credentials.h"
#include "clients/http/http_types.h"
#include "clients/http/url.h"
#include "common/status.h"

namespace aq::aws {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct CanonicalInput {
  std::string method;
  std::string path;          // as sent on the wire: percent-encoded once
  http::QueryParams query;   // decoded pairs
  http::Headers headers;     // all headers to sign, host and x-amz-date included
  std::string payload_hash;  // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

struct SignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // hex
  std::string authorization;   // the Authorization header value
};

// `amz_date` is "YYYYMMDDTHHMMSSZ". `double_encode_path` is true for every
// service but S3.
SignatureParts ComputeSignature(const CanonicalInput& input, const std::string& amz_date,
                                const std::string& region, const std::string& service,
                                const std::string& access_key_id,
                                const std::string& secret_access_key, bool double_encode_path);

// "YYYYMMDDTHHMMSSZ" in UTC.
std::string FormatAmzDate(Clock::time_point time);

struct SignOptions {
  std::string region;
  std::string service;  // "s3", "sts", "secretsmanager"
  // Empty: hash the request body. Or a precomputed hex hash, or kUnsignedPayload.
  std::string payload_hash;
  Clock::time_point now = Clock::now();
};

// Signs `request` in place (its url must be absolute).
Status SignRequest(http::HttpRequest& request, const AwsCredentials& credentials,
                   const SignOptions& options);

}  // namespace aq::aws
