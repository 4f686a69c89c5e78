// JSON number validation and classification, on the raw token text.
// The lazy parser does not check numbers we only copy as text, so we do.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

namespace aq {

enum class NumberClass { kInvalid, kInt64, kDouble };

// kInt64 for integers that fit in int64; kDouble for fractions, exponents and larger integers.
NumberClass ClassifyJsonNumber(std::string_view token);

}  // namespace aq
