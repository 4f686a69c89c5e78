// "s3://bucket/key" split into its parts.
//
// Thread safety: pure functions and values.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aq::aws {

struct S3Location {
  std::string bucket;
  std::string key;  // may be empty (the whole bucket) or a prefix

  std::string ToString() const { return "s3://" + bucket + "/" + key; }
};

// Accepts "s3://bucket", "s3://bucket/" and "s3://bucket/any/key".
Result<S3Location> ParseS3Uri(std::string_view uri);

}  // namespace aq::aws
