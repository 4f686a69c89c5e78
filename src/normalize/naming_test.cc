#include "normalize/naming.h"

#include <gtest/gtest.h>

namespace aq {
namespace {

TEST(NamingTest, CamelCaseBecomesSnakeCase) {
  EXPECT_EQ(SnakeCase("locationId"), "location_id");
  EXPECT_EQ(SnakeCase("isMobile"), "is_mobile");
  EXPECT_EQ(SnakeCase("sensorType"), "sensor_type");
  EXPECT_EQ(SnakeCase("isAnalysis"), "is_analysis");
}

TEST(NamingTest, AcronymsStayOneWord) {
  EXPECT_EQ(SnakeCase("HTTPStatus"), "http_status");
  EXPECT_EQ(SnakeCase("userID"), "user_id");
  EXPECT_EQ(SnakeCase("URL"), "url");
  EXPECT_EQ(SnakeCase("pm25Value"), "pm25_value");
}

TEST(NamingTest, AlreadySnakeCaseIsUnchanged) {
  EXPECT_EQ(SnakeCase("location_id"), "location_id");
  EXPECT_EQ(SnakeCase("utc"), "utc");
}

TEST(NamingTest, PunctuationBecomesOneUnderscore) {
  EXPECT_EQ(SnakeCase("pm2.5"), "pm2_5");
  EXPECT_EQ(SnakeCase("sensor type"), "sensor_type");
  EXPECT_EQ(SnakeCase("a - b"), "a_b");
  EXPECT_EQ(SnakeCase("__private__"), "private");
  EXPECT_EQ(SnakeCase("Location ID"), "location_id");
}

TEST(NamingTest, EmptyOrAllPunctuationIsUnnamed) {
  EXPECT_EQ(SnakeCase(""), "unnamed");
  EXPECT_EQ(SnakeCase("..."), "unnamed");
  EXPECT_EQ(SnakeCase("\xC2\xB5"), "unnamed");  // "µ"
}

TEST(NamingTest, LeadingDigitGetsAnUnderscore) {
  EXPECT_EQ(SnakeCase("2nd"), "_2nd");
  EXPECT_EQ(SnakeCase("2ndValue"), "_2nd_value");
  EXPECT_EQ(SnakeCase("10"), "_10");
}

TEST(NamingTest, NonAsciiBytesBecomeSeparators) {
  EXPECT_EQ(SnakeCase("caf\xC3\xA9"), "caf");                // "café"
  EXPECT_EQ(SnakeCase("\xC3\xA9t\xC3\xA9 temp"), "t_temp");  // "été temp"
  EXPECT_EQ(SnakeCase("unit\xC2\xB5g"), "unit_g");           // "unitµg"
}

TEST(NamingTest, JoinColumnNameJoinsWithUnderscore) {
  EXPECT_EQ(JoinColumnName("", "utc"), "utc");
  EXPECT_EQ(JoinColumnName("date", "utc"), "date_utc");
  EXPECT_EQ(JoinColumnName("date_utc", "x"), "date_utc_x");
  // A child prefixed for its leading digit does not double the separator.
  EXPECT_EQ(JoinColumnName("values", SnakeCase("2nd")), "values_2nd");
  EXPECT_EQ(JoinColumnName("", SnakeCase("2nd")), "_2nd");
}

}  // namespace
}  // namespace aq
