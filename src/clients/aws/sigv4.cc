#include "clients/aws/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "clients/aws/crypto.h"
#include "common/text_format.h"

namespace aq::aws {
namespace {

// Trims the value and collapses runs of spaces into one, as SigV4 requires.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::string CanonicalQuery(const http::QueryParams& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [key, value] : query)
    encoded.emplace_back(http::UriEncode(key), http::UriEncode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [key, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out += '=';
    out += value;
  }
  return out;
}

}  // namespace

std::string FormatAmzDate(Clock::time_point time) {
  return FormatUtcTime(Clock::to_time_t(time), "%Y%m%dT%H%M%SZ");
}

SignatureParts ComputeSignature(const CanonicalInput& input, const std::string& amz_date,
                                const std::string& region, const std::string& service,
                                const std::string& access_key_id,
                                const std::string& secret_access_key, bool double_encode_path) {
  // Headers: lower-case names, sorted; repeated names joined with commas in order.
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : input.headers) {
    std::string key = AsciiLower(name);
    std::string canonical = CanonicalHeaderValue(value);
    auto [it, inserted] = headers.emplace(key, canonical);
    if (!inserted) it->second += "," + canonical;
  }
  SignatureParts parts;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name;
    canonical_headers += ':';
    canonical_headers += value;
    canonical_headers += '\n';
    if (!parts.signed_headers.empty()) parts.signed_headers.push_back(';');
    parts.signed_headers += name;
  }
  std::string path = input.path.empty() ? "/" : input.path;
  if (double_encode_path) path = http::UriEncode(path, /*keep_slash=*/true);

  parts.canonical_request = input.method + "\n" + path + "\n" + CanonicalQuery(input.query) + "\n" +
                            canonical_headers + "\n" + parts.signed_headers + "\n" +
                            input.payload_hash;
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + region + "/" + service + "/aws4_request";
  parts.string_to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(parts.canonical_request);

  std::string key = HmacSha256("AWS4" + secret_access_key, date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  parts.signature = HexEncode(HmacSha256(key, parts.string_to_sign));
  parts.authorization = "AWS4-HMAC-SHA256 Credential=" + access_key_id + "/" + scope +
                        ", SignedHeaders=" + parts.signed_headers +
                        ", Signature=" + parts.signature;
  return parts;
}

Status SignRequest(http::HttpRequest& request, const AwsCredentials& credentials,
                   const SignOptions& options) {
  AQ_ASSIGN_OR_RETURN(http::Url url, http::ParseUrl(request.url));
  std::string amz_date = FormatAmzDate(options.now);
  std::string payload_hash =
      options.payload_hash.empty() ? Sha256Hex(request.body) : options.payload_hash;

  // Drop any earlier signature (a request re-signed after a redirect).
  std::erase_if(request.headers, [](const auto& header) {
    std::string name = AsciiLower(header.first);
    return name == "authorization" || name == "host" || name == "x-amz-date" ||
           name == "x-amz-security-token" || name == "x-amz-content-sha256";
  });
  request.headers.emplace_back("host", url.HostHeader());
  request.headers.emplace_back("x-amz-date", amz_date);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token.reveal());
  }
  bool s3 = options.service == "s3";
  if (s3) request.headers.emplace_back("x-amz-content-sha256", payload_hash);

  CanonicalInput input;
  input.method = request.method;
  input.path = url.path;
  input.query = http::ParseQuery(url.query);
  input.headers = request.headers;
  input.payload_hash = payload_hash;
  SignatureParts parts =
      ComputeSignature(input, amz_date, options.region, options.service, credentials.access_key_id,
                       credentials.secret_access_key.reveal(),
                       /*double_encode_path=*/!s3);
  request.headers.emplace_back("authorization", parts.authorization);
  return Status::Ok();
}

}  // namespace aq::aws
