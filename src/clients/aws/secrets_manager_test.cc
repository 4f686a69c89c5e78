#include "clients/aws/secrets_manager.h"

#include <gtest/gtest.h>

namespace aq::aws {
namespace {

TEST(SecretRegion, NameUsesTheSessionRegion) {
  EXPECT_EQ(SecretRegion("snowflake/capstone/login", "us-east-1"), "us-east-1");
}

TEST(SecretRegion, ArnUsesItsOwnRegion) {
  EXPECT_EQ(SecretRegion("arn:aws:secretsmanager:eu-west-1:338791806049:secret:"
                         "snowflake/capstone/login-AbCdEf",
                         "us-east-1"),
            "eu-west-1");
}

TEST(SecretRegion, MalformedArnFallsBackToTheSessionRegion) {
  EXPECT_EQ(SecretRegion("arn:aws", "eu-central-1"), "eu-central-1");
  EXPECT_EQ(SecretRegion("arn:aws:secretsmanager::123:secret:x", "eu-central-1"), "eu-central-1");
}

}  // namespace
}  // namespace aq::aws
