#include "normalize/json_number.h"

#include <charconv>

namespace aq {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Plain decimals shorter than this lie between 1e-300 and 1e300: no range check needed.
constexpr size_t kSurelyInRangeLength = 300;

// Decides kDouble, kTooLarge or kTooCloseToZero for a valid JSON number with a fraction or an
// exponent.
NumberClass CheckDoubleRange(std::string_view s, bool has_exponent) {
  if (!has_exponent && s.size() < kSurelyInRangeLength) return NumberClass::kDouble;
  double value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  (void)end;
  if (error != std::errc::result_out_of_range) return NumberClass::kDouble;
  // from_chars reports both overflow and underflow to zero: tell them apart by the decimal
  // magnitude, the position of the first nonzero digit plus the exponent.
  size_t i = s[0] == '-' ? 1 : 0;
  long magnitude = 0;
  bool seen_nonzero = false;
  bool after_point = false;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      after_point = true;
    } else if (!seen_nonzero && s[i] == '0') {
      if (after_point) --magnitude;
    } else {
      if (!seen_nonzero && after_point) --magnitude;  // the first nonzero digit's own place
      seen_nonzero = true;
      if (!after_point) ++magnitude;
    }
  }
  long exponent = 0;
  bool negative_exponent = false;
  if (i < s.size()) {
    ++i;
    negative_exponent = s[i] == '-';
    if (s[i] == '+' || s[i] == '-') ++i;
    for (; i < s.size() && exponent < 1'000'000; ++i) exponent = exponent * 10 + (s[i] - '0');
  }
  magnitude += negative_exponent ? -exponent : exponent;
  return magnitude > 0 ? NumberClass::kTooLarge : NumberClass::kTooCloseToZero;
}

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
  bool has_fraction = false;
  bool has_exponent = false;
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(s[i])) return NumberClass::kInvalid;
    while (i < n && IsDigit(s[i])) ++i;
    has_fraction = true;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !IsDigit(s[i])) return NumberClass::kInvalid;
    while (i < n && IsDigit(s[i])) ++i;
    has_exponent = true;
  }
  if (i != n) return NumberClass::kInvalid;
  if (has_fraction || has_exponent) return CheckDoubleRange(s, has_exponent);
  if (int_digits < 19) return NumberClass::kInt64;
  if (int_digits > 19) return NumberClass::kHugeInteger;
  // 19 digits: compare with the int64 limits as text.
  std::string_view digits = s.substr(int_start, int_digits);
  return digits <= (negative ? "9223372036854775808" : "9223372036854775807")
             ? NumberClass::kInt64
             : NumberClass::kHugeInteger;
}

std::string_view OutOfRangeReasonPrefix(NumberClass number_class) {
  return number_class == NumberClass::kTooLarge
             ? "number out of range: larger than a double can hold (about 1.8e308), it would "
               "load as infinity: "
             : "number out of range: not zero, but closer to zero than a double can hold (about "
               "4.9e-324), it would load as 0: ";
}

}  // namespace aq
