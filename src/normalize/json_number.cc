#include "normalize/json_number.h"

namespace aq {
namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

NumberClass ClassifyJsonNumber(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  bool negative = i < n && s[i] == '-';
  if (negative) ++i;
  if (i >= n || !IsDigit(s[i])) return NumberClass::kInvalid;
  size_t int_start = i;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < n && IsDigit(s[i])) ++i;
  }
  size_t int_digits = i - int_start;
  bool is_double = false;
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(s[i])) return NumberClass::kInvalid;
    while (i < n && IsDigit(s[i])) ++i;
    is_double = true;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !IsDigit(s[i])) return NumberClass::kInvalid;
    while (i < n && IsDigit(s[i])) ++i;
    is_double = true;
  }
  if (i != n) return NumberClass::kInvalid;
  if (is_double) return NumberClass::kDouble;
  if (int_digits < 19) return NumberClass::kInt64;
  if (int_digits > 19) return NumberClass::kDouble;
  // 19 digits: compare with the int64 limits as text.
  std::string_view digits = s.substr(int_start, int_digits);
  return digits <= (negative ? "9223372036854775808" : "9223372036854775807")
             ? NumberClass::kInt64
             : NumberClass::kDouble;
}

}  // namespace aq
