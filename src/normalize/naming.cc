#include "normalize/naming.h"

namespace aq {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsUpper(c) || IsLower(c) || IsDigit(c); }

}  // namespace

std::string SnakeCase(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 4);
  auto push_separator = [&] {
    if (!out.empty() && out.back() != '_') out.push_back('_');
  };
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    if (!IsAlnum(c)) {
      push_separator();  // spaces, dots, dashes and non-ASCII bytes all become one '_'
      continue;
    }
    if (IsUpper(c)) {
      char prev = i > 0 ? key[i - 1] : '\0';
      char next = i + 1 < key.size() ? key[i + 1] : '\0';
      // A word starts at an upper-case letter after a lower-case letter or digit, or at the last
      // capital of an acronym that is followed by a lower-case letter (HTTPStatus -> http_status).
      if (IsLower(prev) || IsDigit(prev) || (IsUpper(prev) && IsLower(next))) push_separator();
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) return "unnamed";
  if (IsDigit(out.front())) out.insert(out.begin(), '_');
  return out;
}

std::string JoinColumnName(std::string_view parent, std::string_view child_snake) {
  if (parent.empty()) return std::string(child_snake);
  std::string out;
  out.reserve(parent.size() + 1 + child_snake.size());
  out.append(parent).push_back('_');
  // A child that had to be prefixed for a leading digit needs no extra '_' after the parent's.
  out.append(child_snake.starts_with('_') ? child_snake.substr(1) : child_snake);
  return out;
}

}  // namespace aq
