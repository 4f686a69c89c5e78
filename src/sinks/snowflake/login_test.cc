#include "sinks/snowflake/login.h"

#include <gtest/gtest.h>

#include "common/redact.h"

namespace aq::snowflake {
namespace {

TEST(SnowflakeLoginTest, ReadsTheCapstoneSecretShape) {
  auto login = ParseSnowflakeLogin(
      R"({"URL":"acct.snowflakecomputing.com","USER_NAME":"alice","PASSWORD":"pw-1234",
          "DATABASE":"DB","WAREHOUSE":"WH","ROLE":"R"})",
      "snowflake/capstone/login");
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_EQ(login->url, "acct.snowflakecomputing.com");
  EXPECT_EQ(login->user, "alice");
  EXPECT_EQ(login->password, "pw-1234");
  EXPECT_EQ(login->database, "DB");
  EXPECT_EQ(login->warehouse, "WH");
  EXPECT_EQ(login->role, "R");
  EXPECT_TRUE(login->schema.empty());
}

TEST(SnowflakeLoginTest, UserNamedLikeABucketIsNotRedactedOnlyThePassword) {
  // A user named capstone turned s3://capstone-raw/ into s3://[redacted]-raw/ and
  // sqlite:capstone.db into [redacted].db: only the password, key and passphrase are secrets.
  redact::ClearForTesting();
  auto login = ParseSnowflakeLogin(
      R"({"URL":"capstone.snowflakecomputing.com","USER_NAME":"capstone","PASSWORD":"pw-capstone-9",
          "DATABASE":"capstone"})",
      "snowflake/capstone/login");
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_EQ(redact::Scrub("s3://capstone-raw/x sqlite:capstone.db capstone.snowflakecomputing.com"),
            "s3://capstone-raw/x sqlite:capstone.db capstone.snowflakecomputing.com");
  EXPECT_EQ(redact::Scrub("echoed pw-capstone-9"), "echoed [redacted]");
  redact::ClearForTesting();
}

TEST(SnowflakeLoginTest, KeysMatchInAnyCaseAndUserAliasesAreAccepted) {
  auto login = ParseSnowflakeLogin(
      R"({"url":"u","Username":"bob","private_key":"-----BEGIN-----","Private_Key_Passphrase":"pp","Schema":"S"})",
      "s");
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_EQ(login->user, "bob");
  EXPECT_EQ(login->private_key, "-----BEGIN-----");
  EXPECT_EQ(login->private_key_passphrase, "pp");
  EXPECT_EQ(login->schema, "S");
  auto user = ParseSnowflakeLogin(R"({"URL":"u","user":"carol","PASSWORD":"x"})", "s");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->user, "carol");
}

TEST(SnowflakeLoginTest, MissingKeysAreNamedAndValuesNeverQuoted) {
  auto login = ParseSnowflakeLogin(R"({"DATABASE":"very-secret-db","WAREHOUSE":"hidden-wh"})",
                                   "snowflake/x");
  ASSERT_FALSE(login.ok());
  const std::string& message = login.status().message();
  EXPECT_EQ(login.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(message.find("snowflake/x"), std::string::npos);
  EXPECT_NE(message.find("URL"), std::string::npos);
  EXPECT_NE(message.find("USER_NAME"), std::string::npos);
  EXPECT_NE(message.find("PASSWORD or PRIVATE_KEY"), std::string::npos);
  EXPECT_EQ(message.find("very-secret-db"), std::string::npos);
  EXPECT_EQ(message.find("hidden-wh"), std::string::npos);
}

TEST(SnowflakeLoginTest, NonJsonSecretIsMalformedWithoutEchoingIt) {
  auto login = ParseSnowflakeLogin("user=alice password=hunter2", "s");
  ASSERT_FALSE(login.ok());
  EXPECT_NE(login.status().message().find("malformed secret 's'"), std::string::npos);
  EXPECT_EQ(login.status().message().find("hunter2"), std::string::npos);
  EXPECT_FALSE(ParseSnowflakeLogin(R"(["URL"])", "s").ok());
}

}  // namespace
}  // namespace aq::snowflake
