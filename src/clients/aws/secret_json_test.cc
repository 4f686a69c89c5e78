#include "clients/aws/secret_json.h"

#include <gtest/gtest.h>

namespace aq::aws {
namespace {

TEST(SecretJson, ListsKeyNamesOnly) {
  auto members = ParseSecretJson(R"({"URL":"u","PASSWORD":"p4ss"})", "s", "keys");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(SecretKeyNames(*members), (std::vector<std::string>{"URL", "PASSWORD"}));
}

TEST(SecretJson, NonJsonSecretIsMalformedWithoutEchoingIt) {
  auto members = ParseSecretJson("user=alice password=hunter2", "s", "keys A, B");
  ASSERT_FALSE(members.ok());
  EXPECT_NE(members.status().message().find("malformed secret 's'"), std::string::npos);
  EXPECT_NE(members.status().message().find("keys A, B"), std::string::npos);
  EXPECT_EQ(members.status().message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace aq::aws
