#include "clients/snowflake/error_hints.h"

#include <gtest/gtest.h>

#include "clients/snowflake/response.h"

namespace aq::snowflake {
namespace {

bool Has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST(SnowflakeErrorHints, NameWhatToFix) {
  EXPECT_TRUE(Has(ErrorHint("390100"), "USER_NAME"));
  EXPECT_TRUE(Has(ErrorHint("390100"), "SNOWFLAKE_PASSWORD"));
  EXPECT_TRUE(Has(ErrorHint("390189"), "SNOWFLAKE_ROLE"));
  EXPECT_TRUE(Has(ErrorHint("002043"), "SNOWFLAKE_WAREHOUSE"));
  EXPECT_TRUE(Has(ErrorHint("002003"), "SNOWFLAKE_DATABASE"));
  EXPECT_TRUE(Has(ErrorHint("003001"), "--schema"));
  EXPECT_TRUE(Has(ErrorHint("390144"), "ALTER USER <user> SET RSA_PUBLIC_KEY"));
  EXPECT_TRUE(Has(ErrorHint("000606"), "WAREHOUSE"));
  EXPECT_TRUE(Has(AccountUrlHint(), "SNOWFLAKE_URL"));
}

TEST(SnowflakeErrorHints, UnknownCodesHaveNone) {
  EXPECT_EQ(ErrorHint("999999"), "");
  EXPECT_EQ(ErrorHint(""), "");
  EXPECT_EQ(ErrorHint("39010"), "");
}

TEST(SnowflakeErrorHints, WithHintAppendsInParentheses) {
  EXPECT_EQ(WithHint("it failed", "do this"), "it failed (do this)");
  EXPECT_EQ(WithHint("it failed", ""), "it failed");
}

TEST(SnowflakeErrorHints, SnowflakeErrorsEndWithTheHintOnOneLine) {
  Status status = SnowflakeError(
      "002043", "SQL compilation error:\nObject does not exist, or operation cannot be performed.");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(),
            "Snowflake error 002043: SQL compilation error: Object does not exist, or operation "
            "cannot be performed. (" +
                std::string(ErrorHint("002043")) + ")");
  EXPECT_EQ(SnowflakeError("123456", "Something else.").message(),
            "Snowflake error 123456: Something else.");
}

}  // namespace
}  // namespace aq::snowflake
