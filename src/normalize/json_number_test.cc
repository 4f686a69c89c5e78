#include "normalize/json_number.h"

#include <gtest/gtest.h>

#include <string>

namespace aq {
namespace {

TEST(JsonNumberTest, SmallIntegersAreInt64) {
  EXPECT_EQ(ClassifyJsonNumber("0"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("7"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("-12"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("-0"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("123456789012345678"), NumberClass::kInt64);  // 18 digits
}

TEST(JsonNumberTest, IntegerBeyondInt64IsAHugeIntegerNotADouble) {
  EXPECT_EQ(ClassifyJsonNumber("9223372036854775807"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("-9223372036854775808"), NumberClass::kInt64);
  EXPECT_EQ(ClassifyJsonNumber("9223372036854775808"), NumberClass::kHugeInteger);
  EXPECT_EQ(ClassifyJsonNumber("-9223372036854775809"), NumberClass::kHugeInteger);
  EXPECT_EQ(ClassifyJsonNumber("9999999999999999999"), NumberClass::kHugeInteger);
  EXPECT_EQ(ClassifyJsonNumber("1000000000000000000"), NumberClass::kInt64);  // 19 digits, fits
  EXPECT_EQ(ClassifyJsonNumber("12345678901234567890"), NumberClass::kHugeInteger);
  EXPECT_EQ(ClassifyJsonNumber("-123456789012345678901234567890"), NumberClass::kHugeInteger);
  EXPECT_EQ(ClassifyJsonNumber(std::string(400, '9')), NumberClass::kHugeInteger);
}

TEST(JsonNumberTest, NumberOverflowIsTooLarge) {
  EXPECT_EQ(ClassifyJsonNumber("1e999"), NumberClass::kTooLarge);
  EXPECT_EQ(ClassifyJsonNumber("-1e999"), NumberClass::kTooLarge);
  EXPECT_EQ(ClassifyJsonNumber("1.7976931348623159e308"), NumberClass::kTooLarge);
  EXPECT_EQ(ClassifyJsonNumber("0.001e312"), NumberClass::kTooLarge);
  EXPECT_EQ(ClassifyJsonNumber("1" + std::string(400, '0') + ".5"), NumberClass::kTooLarge);
  EXPECT_EQ(ClassifyJsonNumber("1.7976931348623157e308"), NumberClass::kDouble);  // DBL_MAX
}

TEST(JsonNumberTest, NumberUnderflowIsTooCloseToZero) {
  EXPECT_EQ(ClassifyJsonNumber("1e-400"), NumberClass::kTooCloseToZero);
  EXPECT_EQ(ClassifyJsonNumber("-1e-400"), NumberClass::kTooCloseToZero);
  EXPECT_EQ(ClassifyJsonNumber("2e-324"), NumberClass::kTooCloseToZero);
  EXPECT_EQ(ClassifyJsonNumber("1000e-330"), NumberClass::kTooCloseToZero);
  EXPECT_EQ(ClassifyJsonNumber("0." + std::string(400, '0') + "1"), NumberClass::kTooCloseToZero);
  // Zero is zero however it is written; subnormal doubles are doubles.
  EXPECT_EQ(ClassifyJsonNumber("0e-999"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("0.0e999"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("4.9e-324"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("1e-310"), NumberClass::kDouble);
}

TEST(JsonNumberTest, FractionsAndExponentsAreDouble) {
  EXPECT_EQ(ClassifyJsonNumber("1.5"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("-0.0"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("1e5"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("1E+5"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("2.5e-3"), NumberClass::kDouble);
  EXPECT_EQ(ClassifyJsonNumber("0e0"), NumberClass::kDouble);
}

TEST(JsonNumberTest, NonJsonNumbersAreInvalid) {
  for (const char* bad : {"",    "-",        "01",        "-01",   "00",   "1.",   "1.e5", ".5",
                          "+1",  "1e",       "1e+",       "1.2.3", "1..2", "0x10", "1 ",   " 1",
                          "NaN", "Infinity", "-Infinity", "1e5.5", "--1",  "1-"}) {
    EXPECT_EQ(ClassifyJsonNumber(bad), NumberClass::kInvalid) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace aq
