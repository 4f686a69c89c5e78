#include "clients/aws/s3_uri.h"

#include <cctype>

namespace aq::aws {

Result<S3Location> ParseS3Uri(std::string_view uri) {
  constexpr std::string_view kScheme = "s3://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return InvalidArgument("'" + std::string(uri) + "' is not an S3 URI (write s3://bucket/key)");
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  S3Location out;
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(rest.substr(slash + 1));
  // Bucket naming rules, loosely: 3-63 of [a-z0-9.-]. The name goes into host names.
  bool valid = out.bucket.size() >= 3 && out.bucket.size() <= 63;
  for (char c : out.bucket) {
    valid =
        valid && (std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_');
  }
  if (!valid) {
    return InvalidArgument(
        "'" + out.bucket + "' in " + std::string(uri) +
        " is not a valid bucket name (3-63 lower-case letters, digits, '.', '-')");
  }
  return out;
}

}  // namespace aq::aws
