#include "sources/glob.h"

#include <vector>

namespace aq {
namespace {

constexpr std::string_view kWildcards = "*?[";

std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return out;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

// Matches one character `c` against the bracket expression starting at pattern[i] == '['.
// Sets *next to the index after the closing ']'. Returns false in *valid for a '[' without a
// closing ']', which then stands for itself.
bool MatchBracket(std::string_view pattern, size_t i, char c, size_t* next, bool* valid) {
  size_t j = i + 1;
  bool negate = j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^');
  if (negate) ++j;
  bool matched = false;
  bool first = true;
  for (; j < pattern.size(); first = false) {
    char low = pattern[j];
    if (low == ']' && !first) {
      *next = j + 1;
      *valid = true;
      return matched != negate;
    }
    if (low == '\\' && j + 1 < pattern.size()) low = pattern[++j];
    char high = low;
    if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
      high = pattern[j + 2];
      if (high == '\\' && j + 3 < pattern.size()) {
        high = pattern[j + 3];
        ++j;
      }
      j += 2;
    }
    if (low <= c && c <= high) matched = true;
    ++j;
  }
  *valid = false;
  return false;
}

// One pattern component against one name (neither holds '/').
bool MatchComponent(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name.front() == '.' && !pattern.empty() &&
      kWildcards.find(pattern.front()) != std::string_view::npos) {
    return false;  // a wildcard never matches a leading '.'
  }
  size_t p = 0;
  size_t n = 0;
  size_t star_p = std::string_view::npos;  // where to resume after the last '*'
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '*') {
        while (p < pattern.size() && pattern[p] == '*') ++p;
        star_p = p;
        star_n = n;
        continue;
      }
      if (c == '?') {
        ++p;
        ++n;
        continue;
      }
      if (c == '[') {
        size_t next = 0;
        bool valid = false;
        bool matched = MatchBracket(pattern, p, name[n], &next, &valid);
        if (valid && matched) {
          p = next;
          ++n;
          continue;
        }
        if (!valid && name[n] == '[') {
          ++p;
          ++n;
          continue;
        }
      } else {
        char literal = c;
        size_t width = 1;
        if (c == '\\' && p + 1 < pattern.size()) {
          literal = pattern[p + 1];
          width = 2;
        }
        if (literal == name[n]) {
          p += width;
          ++n;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;  // let the last '*' take one more character
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchComponents(const std::vector<std::string_view>& pattern, size_t p,
                     const std::vector<std::string_view>& path, size_t n) {
  for (; p < pattern.size(); ++p, ++n) {
    if (pattern[p] == "**") {
      while (p + 1 < pattern.size() && pattern[p + 1] == "**") ++p;
      // Zero or more directories, none of them hidden; the last path component is the file.
      for (size_t skip = n;; ++skip) {
        if (MatchComponents(pattern, p + 1, path, skip)) return true;
        if (skip >= path.size() || path[skip].starts_with(".")) return false;
        if (p + 1 == pattern.size() && skip + 1 == path.size()) return true;  // trailing "**"
      }
    }
    if (n >= path.size() || !MatchComponent(pattern[p], path[n])) return false;
  }
  return n == path.size();
}

}  // namespace

bool HasGlob(std::string_view spec) {
  return spec.find_first_of(kWildcards) != std::string_view::npos;
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return MatchComponents(Components(pattern), 0, Components(path), 0);
}

std::string GlobRoot(std::string_view pattern) {
  size_t wildcard = pattern.find_first_of(kWildcards);
  if (wildcard == std::string_view::npos) wildcard = pattern.size();
  size_t slash = pattern.rfind('/', wildcard);
  return slash == std::string_view::npos ? std::string()
                                         : std::string(pattern.substr(0, slash + 1));
}

}  // namespace aq
