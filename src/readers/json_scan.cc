#include "readers/json_scan.h"

namespace aq {
namespace {

// Skips a string starting at its opening quote; returns one past the closing quote, or npos.
size_t SkipString(std::string_view s, size_t pos) {
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ScanStop ScanValue(std::string_view s, size_t pos, std::string_view terminators, bool stop_at_space,
                   size_t* end) {
  int depth = 0;
  for (size_t i = pos; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      i = SkipString(s, i);
      if (i == std::string_view::npos) return ScanStop::kNeedMore;
      if (depth == 0 && s[pos] == '"') {
        *end = i;
        return ScanStop::kComplete;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) {  // closes the enclosing container: the scalar ended
        *end = i;
        return ScanStop::kComplete;
      }
      if (--depth == 0) {
        *end = i + 1;
        return ScanStop::kComplete;
      }
    } else if (depth == 0 && (terminators.find(c) != std::string_view::npos ||
                              (stop_at_space && IsJsonSpace(c)))) {
      *end = i;
      return ScanStop::kComplete;
    }
    ++i;
  }
  return ScanStop::kNeedMore;
}

ScanStop FindKeyValue(std::string_view s, size_t pos, std::string_view key, bool* found,
                      size_t* value_pos) {
  *found = false;
  for (;;) {
    pos = SkipSpace(s, pos);
    if (pos >= s.size()) return ScanStop::kNeedMore;
    if (s[pos] == '}') return ScanStop::kComplete;
    if (s[pos] == ',') {
      ++pos;
      continue;
    }
    if (s[pos] != '"') return ScanStop::kComplete;  // not an object we understand
    size_t key_end = SkipString(s, pos);
    if (key_end == std::string_view::npos) return ScanStop::kNeedMore;
    std::string_view this_key = s.substr(pos + 1, key_end - pos - 2);
    pos = SkipSpace(s, key_end);
    if (pos >= s.size()) return ScanStop::kNeedMore;
    if (s[pos] != ':') return ScanStop::kComplete;
    pos = SkipSpace(s, pos + 1);
    if (pos >= s.size()) return ScanStop::kNeedMore;
    if (this_key == key) {
      *found = true;
      *value_pos = pos;
      return ScanStop::kComplete;
    }
    size_t end = 0;
    if (ScanValue(s, pos, ",}", true, &end) == ScanStop::kNeedMore) return ScanStop::kNeedMore;
    pos = end;
  }
}

}  // namespace aq
