#include "clients/aws/aws_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "clients/aws/credential_chain.h"
#include "clients/aws/s3_uri.h"
#include "common/redact.h"

namespace aq::aws {
namespace {

class AwsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = std::filesystem::temp_directory_path() /
            ("aqpipe-aws-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(home_ / ".aws");
  }
  void TearDown() override { std::filesystem::remove_all(home_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(home_ / ".aws" / name) << text;
  }

  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) {
    extra["HOME"] = home_.string();
    extra["AWS_EC2_METADATA_DISABLED"] =
        "true";  // never reach for a metadata address in unit tests
    return extra;
  }

  // The chain with no network clients: only the local sources are exercised.
  Result<AwsCredentials> Resolve(const AwsConfig& config) {
    CredentialContext context{&config, nullptr, nullptr, nullptr};
    std::vector<NamedSource> sources = {{"environment", FromEnvironment},
                                        {"credentials file", FromCredentialsFile},
                                        {"config file", FromConfigFile},
                                        {"container", FromContainer},
                                        {"imds", FromInstanceMetadata}};
    CredentialChain chain(context, sources);
    return chain.Get();
  }

  std::filesystem::path home_;
};

TEST_F(AwsConfigTest, RegionComesFromAwsRegionThenDefaultRegionThenProfile) {
  Write("config", "[default]\nregion = eu-west-1\n");
  auto from_profile = LoadAwsConfig(MapEnvironment(Env()));
  ASSERT_TRUE(from_profile.ok()) << from_profile.status().message();
  EXPECT_EQ(from_profile->region, "eu-west-1");
  auto from_default = LoadAwsConfig(MapEnvironment(Env({{"AWS_DEFAULT_REGION", "us-west-2"}})));
  EXPECT_EQ(from_default->region, "us-west-2");
  auto from_region = LoadAwsConfig(
      MapEnvironment(Env({{"AWS_DEFAULT_REGION", "us-west-2"}, {"AWS_REGION", "ap-south-1"}})));
  EXPECT_EQ(from_region->region, "ap-south-1");
  EXPECT_EQ(from_region->region_source, "AWS_REGION");
  std::filesystem::remove(home_ / ".aws" / "config");
  auto fallback = LoadAwsConfig(MapEnvironment(Env()));
  EXPECT_EQ(fallback->region, "us-east-1");
  EXPECT_FALSE(LoadAwsConfig(MapEnvironment(Env({{"AWS_REGION", "eu-west-1.evil.com/"}}))).ok());
}

TEST_F(AwsConfigTest, ProfileRegionAndFileOverrides) {
  Write("config", "[profile dev]\nregion = eu-central-1\n");
  std::string custom = (home_ / "creds").string();
  std::ofstream(custom)
      << "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n";
  auto config = LoadAwsConfig(
      MapEnvironment(Env({{"AWS_PROFILE", "dev"}, {"AWS_SHARED_CREDENTIALS_FILE", custom}})));
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->region, "eu-central-1");
  EXPECT_EQ(config->shared.credentials_path, custom);
  auto credentials = Resolve(*config);
  ASSERT_TRUE(credentials.ok()) << credentials.status().message();
  EXPECT_EQ(credentials->access_key_id, "AKIADEV");
  EXPECT_EQ(credentials->source, "profile dev in " + custom);
}

TEST_F(AwsConfigTest, NamedProfileMustExist) {
  auto config = LoadAwsConfig(MapEnvironment(Env({{"AWS_PROFILE", "nope"}})));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("(nope)"), std::string::npos);
}

TEST_F(AwsConfigTest, EndpointOverridesServiceSpecificFirst) {
  auto config =
      LoadAwsConfig(MapEnvironment(Env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000/"},
                                        {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:6000"}})));
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->s3_endpoint, "http://127.0.0.1:5000");
  EXPECT_EQ(config->secrets_endpoint, "http://127.0.0.1:5000");
  EXPECT_EQ(StsEndpoint(*config), "http://127.0.0.1:6000");
  auto aws = LoadAwsConfig(MapEnvironment(Env({{"AWS_REGION", "eu-west-1"}})));
  EXPECT_EQ(aws->s3_endpoint, "");
  EXPECT_EQ(StsEndpoint(*aws), "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(SecretsManagerEndpoint(*aws), "https://secretsmanager.eu-west-1.amazonaws.com");
  EXPECT_FALSE(
      LoadAwsConfig(MapEnvironment(Env({{"AWS_ENDPOINT_URL_S3", "localhost:9000"}}))).ok());
}

TEST_F(AwsConfigTest, RetryAndTimeoutSettings) {
  auto config = LoadAwsConfig(
      MapEnvironment(Env({{"AWS_MAX_ATTEMPTS", "9"}, {"AQPIPE_AWS_READ_TIMEOUT", "2"}})));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->http.retry.max_attempts, 9);
  EXPECT_EQ(config->http.read_timeout, std::chrono::seconds(2));
  EXPECT_FALSE(LoadAwsConfig(MapEnvironment(Env({{"AWS_MAX_ATTEMPTS", "lots"}}))).ok());
}

TEST_F(AwsConfigTest, EnvironmentCredentialsComeFirstAndSecretsAreRegistered) {
  Write("credentials",
        "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n");
  auto config = LoadAwsConfig(MapEnvironment(Env({{"AWS_ACCESS_KEY_ID", "AKIAENV"},
                                                  {"AWS_SECRET_ACCESS_KEY", "env-secret-value"},
                                                  {"AWS_SESSION_TOKEN", "env-session-token"}})));
  ASSERT_TRUE(config.ok());
  auto credentials = Resolve(*config);
  ASSERT_TRUE(credentials.ok()) << credentials.status().message();
  EXPECT_EQ(credentials->access_key_id, "AKIAENV");
  EXPECT_EQ(credentials->session_token, "env-session-token");
  EXPECT_EQ(credentials->source, "environment");
  EXPECT_EQ(redact::Scrub("k=env-secret-value t=env-session-token"), "k=[redacted] t=[redacted]");
}

TEST_F(AwsConfigTest, PartialEnvironmentCredentialsAreAnError) {
  auto config = LoadAwsConfig(MapEnvironment(Env({{"AWS_ACCESS_KEY_ID", "AKIAENV"}})));
  auto credentials = Resolve(*config);
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.status().message().find("AWS_SECRET_ACCESS_KEY is missing"),
            std::string::npos);
}

TEST_F(AwsConfigTest, NoCredentialsListsEveryPlaceInOrder) {
  auto config = LoadAwsConfig(MapEnvironment(Env()));
  ASSERT_TRUE(config.ok());
  auto credentials = Resolve(*config);
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kUnauthenticated);
  const std::string& m = credentials.status().message();
  size_t env = m.find("AWS_ACCESS_KEY_ID"), file = m.find(".aws/credentials"),
         conf = m.find(".aws/config"), container = m.find("AWS_CONTAINER_CREDENTIALS"),
         imds = m.find("disabled by AWS_EC2_METADATA_DISABLED");
  ASSERT_NE(imds, std::string::npos) << m;
  EXPECT_LT(env, file);
  EXPECT_LT(file, conf);
  EXPECT_LT(conf, container);
  EXPECT_LT(container, imds);
}

TEST_F(AwsConfigTest, ExpiredCredentialsAreReportedAsAnExpiredToken) {
  auto config =
      LoadAwsConfig(MapEnvironment(Env({{"AWS_ACCESS_KEY_ID", "AKIAENV"},
                                        {"AWS_SECRET_ACCESS_KEY", "s3cret"},
                                        {"AWS_CREDENTIAL_EXPIRATION", "2001-01-01T00:00:00Z"}})));
  auto credentials = Resolve(*config);
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.status().message().find("expired token"), std::string::npos);
}

TEST(CredentialChainTest, RefreshesBeforeExpirationAndKeepsValidOnesWhenRenewalFails) {
  Clock::time_point now = Clock::from_time_t(1'700'000'000);
  int loads = 0;
  bool fail = false;
  NamedSource source{"fake", [&](const CredentialContext&, std::string* looked) -> SourceResult {
                       *looked = "fake";
                       if (fail) return Unavailable("endpoint down");
                       ++loads;
                       AwsCredentials c{"AKIA" + std::to_string(loads), "s", "t",
                                        now + std::chrono::minutes(15), "fake"};
                       return std::optional<AwsCredentials>(c);
                     }};
  CredentialChain chain(CredentialContext{}, {source}, [&] { return now; });
  EXPECT_EQ(chain.Get()->access_key_id, "AKIA1");
  now += std::chrono::minutes(9);  // 6 minutes left: still served from the cache
  EXPECT_EQ(chain.Get()->access_key_id, "AKIA1");
  now += std::chrono::minutes(2);  // 4 minutes left: inside the refresh margin
  EXPECT_EQ(chain.Get()->access_key_id, "AKIA2");
  now += std::chrono::minutes(12);  // AKIA2 expires in 3 minutes
  fail = true;
  EXPECT_EQ(chain.Get()->access_key_id, "AKIA2");  // renewal failed, old ones still valid
  now += std::chrono::minutes(4);
  auto expired = chain.Get();
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.status().message().find("endpoint down"), std::string::npos);
}

TEST(CredentialsTest, ParsesAwsTimestamps) {
  EXPECT_EQ(Clock::to_time_t(*ParseAwsTimestamp("2015-08-30T12:36:00Z")), 1440938160);
  EXPECT_EQ(Clock::to_time_t(*ParseAwsTimestamp("2015-08-30T12:36:00.123Z")), 1440938160);
  EXPECT_EQ(Clock::to_time_t(*ParseAwsTimestamp("2015-08-30T14:36:00+02:00")), 1440938160);
  EXPECT_FALSE(ParseAwsTimestamp("yesterday").ok());
  EXPECT_EQ(FormatAwsTimestamp(Clock::from_time_t(1440938160)), "2015-08-30T12:36:00Z");
}

TEST(S3UriTest, SplitsBucketAndKey) {
  auto location = ParseS3Uri("s3://dataminded-academy-capstone-resources/raw/open_aq/");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->bucket, "dataminded-academy-capstone-resources");
  EXPECT_EQ(location->key, "raw/open_aq/");
  EXPECT_EQ(ParseS3Uri("s3://bucket")->key, "");
  EXPECT_FALSE(ParseS3Uri("s3://Bad_Bucket!/x").ok());
  EXPECT_FALSE(ParseS3Uri("/local/path").ok());
}

}  // namespace
}  // namespace aq::aws
