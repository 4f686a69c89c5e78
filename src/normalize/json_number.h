// JSON number validation and classification, on the raw token text.
// The lazy parser does not check numbers we only copy as text, so we do.
//
// Rules (docs/flattening.md, "Numbers"): an integer that fits int64 is a bigint; a longer integer
// keeps its exact digits (its column becomes a string column, never a rounded double); a number
// with a fraction or an exponent is a double, and one a double cannot hold (it would load as
// infinity, or as 0 although it is not 0) is out of range, and its record is quarantined.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

namespace aq {

enum class NumberClass {
  kInvalid,        // not a JSON number
  kInt64,          // an integer that fits int64
  kHugeInteger,    // an integer beyond int64 (digits only, no fraction or exponent)
  kDouble,         // a fraction or exponent within the range of a double
  kTooLarge,       // magnitude beyond the largest double (about 1.8e308)
  kTooCloseToZero  // not zero, but closer to zero than the smallest double (about 4.9e-324)
};

NumberClass ClassifyJsonNumber(std::string_view token);

// The quarantine reason for kTooLarge / kTooCloseToZero, naming the value.
std::string_view OutOfRangeReasonPrefix(NumberClass number_class);

}  // namespace aq
