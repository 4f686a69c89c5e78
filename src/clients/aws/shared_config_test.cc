#include "clients/aws/shared_config.h"

#include <gtest/gtest.h>

#include "clients/aws/credential_sources.h"

namespace aq::aws {
namespace {

TEST(SharedConfigTest, ReadsCredentialsFileAsAwsConfigureWritesIt) {
  auto map = ParseSharedFile(
      "[default]\n"
      "aws_access_key_id = AKIADEFAULT\n"
      "aws_secret_access_key = secret/with+chars=\n"
      "\n"
      "# a comment\n"
      "; another\n"
      "[dev]\r\n"
      "AWS_ACCESS_KEY_ID=AKIADEV\r\n"
      "aws_secret_access_key=devsecret\r\n"
      "aws_session_token = tok en\n",
      SharedFileKind::kCredentials, "credentials");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ((*map)["default"]["aws_access_key_id"], "AKIADEFAULT");
  EXPECT_EQ((*map)["default"]["aws_secret_access_key"], "secret/with+chars=");
  EXPECT_EQ((*map)["dev"]["aws_access_key_id"], "AKIADEV");  // keys are lower-cased
  EXPECT_EQ((*map)["dev"]["aws_session_token"], "tok en");
}

TEST(SharedConfigTest, ConfigFileSectionsNeedTheProfilePrefix) {
  auto map = ParseSharedFile(
      "[default]\nregion = eu-west-1\noutput = json\n"
      "[profile analyst]\nrole_arn = arn:aws:iam::123:role/analyst\nsource_profile = default\n"
      "s3 =\n  addressing_style = path\n  max_concurrent_requests = 20\nregion=us-east-2\n"
      "[sso-session corp]\nsso_region = eu-west-1\n"
      "[dev]\nregion = ap-south-1\n",
      SharedFileKind::kConfig, "config");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ((*map)["default"]["region"], "eu-west-1");
  EXPECT_EQ((*map)["analyst"]["role_arn"], "arn:aws:iam::123:role/analyst");
  EXPECT_EQ((*map)["analyst"]["s3.addressing_style"], "path");
  EXPECT_EQ((*map)["analyst"]["region"], "us-east-2");
  EXPECT_EQ(map->count("corp"), 0u);
  EXPECT_EQ(map->count("dev"), 0u);  // "[dev]" is not a profile in the config file
}

TEST(SharedConfigTest, ErrorsNameTheFileAndLine) {
  auto bad = ParseSharedFile("[default]\nregion eu-west-1\n", SharedFileKind::kConfig,
                             "/home/x/.aws/config");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("/home/x/.aws/config:2"), std::string::npos);
  EXPECT_FALSE(ParseSharedFile("region = x\n", SharedFileKind::kConfig, "c").ok());
  EXPECT_FALSE(ParseSharedFile("[default\n", SharedFileKind::kConfig, "c").ok());
}

TEST(SharedConfigTest, CredentialsFileWinsOverConfigFile) {
  SharedConfig shared;
  shared.credentials["dev"]["aws_access_key_id"] = "FROM_CREDENTIALS";
  shared.config["dev"]["aws_access_key_id"] = "FROM_CONFIG";
  shared.config["dev"]["region"] = "eu-west-1";
  EXPECT_EQ(shared.Get("dev", "aws_access_key_id"), "FROM_CREDENTIALS");
  EXPECT_EQ(shared.Get("dev", "region"), "eu-west-1");
  EXPECT_EQ(shared.Get("dev", "missing"), std::nullopt);
  EXPECT_TRUE(shared.HasProfile("dev"));
  EXPECT_FALSE(shared.HasProfile("prod"));
}

SharedConfig RoleConfig() {
  SharedConfig shared;
  shared.config_path = "config";
  shared.credentials_path = "credentials";
  shared.credentials["base"] = {{"aws_access_key_id", "AKIABASE"}, {"aws_secret_access_key", "s"}};
  shared.config["middle"] = {{"role_arn", "arn:aws:iam::1:role/middle"},
                             {"source_profile", "base"},
                             {"external_id", "ext-1"},
                             {"duration_seconds", "1800"}};
  shared.config["top"] = {{"role_arn", "arn:aws:iam::2:role/top"},
                          {"source_profile", "middle"},
                          {"role_session_name", "me"}};
  shared.config["ecs"] = {{"role_arn", "arn:aws:iam::3:role/x"},
                          {"credential_source", "EcsContainer"}};
  shared.config["web"] = {{"role_arn", "arn:aws:iam::4:role/web"},
                          {"web_identity_token_file", "/t"}};
  shared.config["self"] = {{"role_arn", "arn:aws:iam::5:role/self"},
                           {"source_profile", "self"},
                           {"aws_access_key_id", "AKIASELF"},
                           {"aws_secret_access_key", "s"}};
  shared.config["loop1"] = {{"role_arn", "arn:aws:iam::6:role/a"}, {"source_profile", "loop2"}};
  shared.config["loop2"] = {{"role_arn", "arn:aws:iam::6:role/b"}, {"source_profile", "loop1"}};
  shared.config["both"] = {{"role_arn", "arn:aws:iam::7:role/c"},
                           {"source_profile", "base"},
                           {"credential_source", "Environment"}};
  shared.config["dangling"] = {{"role_arn", "arn:aws:iam::8:role/d"},
                               {"source_profile", "nowhere"}};
  return shared;
}

TEST(SharedConfigTest, PlansChainedAssumeRoleFromTheInnermostProfile) {
  auto plan = PlanProfileCredentials(RoleConfig(), "top");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->base, ProfilePlan::Base::kStaticKeys);
  EXPECT_EQ(plan->base_profile, "base");
  ASSERT_EQ(plan->roles.size(), 2u);
  EXPECT_EQ(plan->roles[0].request.role_arn, "arn:aws:iam::1:role/middle");
  EXPECT_EQ(plan->roles[0].request.external_id, "ext-1");
  EXPECT_EQ(plan->roles[0].request.duration_seconds, 1800);
  EXPECT_EQ(plan->roles[1].request.role_arn, "arn:aws:iam::2:role/top");
  EXPECT_EQ(plan->roles[1].request.session_name, "me");
}

TEST(SharedConfigTest, PlansCredentialSourceWebIdentityAndSelfReference) {
  auto ecs = PlanProfileCredentials(RoleConfig(), "ecs");
  ASSERT_TRUE(ecs.ok());
  EXPECT_EQ(ecs->base, ProfilePlan::Base::kContainer);
  auto web = PlanProfileCredentials(RoleConfig(), "web");
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(web->base, ProfilePlan::Base::kWebIdentity);
  EXPECT_EQ(web->roles.size(), 1u);
  auto self = PlanProfileCredentials(RoleConfig(), "self");
  ASSERT_TRUE(self.ok());
  EXPECT_EQ(self->base_profile, "self");
  EXPECT_EQ(self->roles.size(), 1u);
}

TEST(SharedConfigTest, RejectsLoopsAmbiguityAndMissingSourceProfiles) {
  auto loop = PlanProfileCredentials(RoleConfig(), "loop1");
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("loop"), std::string::npos);
  EXPECT_FALSE(PlanProfileCredentials(RoleConfig(), "both").ok());
  auto dangling = PlanProfileCredentials(RoleConfig(), "dangling");
  ASSERT_FALSE(dangling.ok());
  EXPECT_NE(dangling.status().message().find("nowhere"), std::string::npos);
}

}  // namespace
}  // namespace aq::aws
