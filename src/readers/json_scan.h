// Structural scanning of JSON text without parsing values: finds where a value
// ends, skipping strings and nested brackets. Used to split arrays and
// pretty-printed files into records before the real parser sees them.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace aq {

inline bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

inline size_t SkipSpace(std::string_view s, size_t pos) {
  while (pos < s.size() && IsJsonSpace(s[pos])) ++pos;
  return pos;
}

enum class ScanStop {
  kComplete,  // the value ends before the end of the text
  kNeedMore,  // the text ends inside the value
};

// Scans the value starting at `pos`. Objects and arrays end at their matching bracket; scalars end
// before the first of `terminators` (or whitespace, when `stop_at_space`) outside a string.
// On kComplete, *end is one past the value.
ScanStop ScanValue(std::string_view s, size_t pos, std::string_view terminators, bool stop_at_space,
                   size_t* end);

// From `pos` (just after a '{'), finds the value of key `key` at this depth. Returns the offset of
// its first character in *value_pos, or kNeedMore if the text ends first; *found=false when the
// object closes without the key.
ScanStop FindKeyValue(std::string_view s, size_t pos, std::string_view key, bool* found,
                      size_t* value_pos);

}  // namespace aq
