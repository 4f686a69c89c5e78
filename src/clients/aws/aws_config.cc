#include "clients/aws/aws_config.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>

namespace aq::aws {
namespace {

std::string HomeDirectory(const EnvLookup& env) {
  if (auto home = env("HOME")) return *home;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr)
    return pw->pw_dir;
  return "";
}

std::string ExpandHome(const std::string& path, const std::string& home) {
  if (path == "~" || path.rfind("~/", 0) == 0) return home + path.substr(1);
  return path;
}

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Result<int> PositiveInt(const std::string& name, const std::string& text) {
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 1 || value > 1'000'000) {
    return InvalidArgument(name + "='" + text + "' is not a positive whole number");
  }
  return static_cast<int>(value);
}

// The first endpoint override that is set, validated.
Result<std::string> Endpoint(const AwsConfig& config, const char* service_variable) {
  std::optional<std::string> url = config.env(service_variable);
  std::string source = service_variable;
  if (!url) {
    url = config.env("AWS_ENDPOINT_URL");
    source = "AWS_ENDPOINT_URL";
  }
  if (!url) {
    url = config.shared.Get(config.profile, "endpoint_url");
    source = "endpoint_url of profile " + config.profile;
  }
  if (!url) return std::string();
  auto parsed = http::ParseUrl(*url);
  if (!parsed.ok()) return parsed.status().WithContext(source);
  return TrimSlash(*url);
}

}  // namespace

bool IsValidRegion(const std::string& region) {
  if (region.empty() || region.size() > 32) return false;
  for (char c : region) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

Result<AwsConfig> LoadAwsConfig(EnvLookup env) {
  AwsConfig config;
  config.env = std::move(env);
  const EnvLookup& e = config.env;
  if (auto profile = e("AWS_PROFILE")) {
    config.profile = *profile;
    config.profile_explicit = true;
  } else if (auto legacy = e("AWS_DEFAULT_PROFILE")) {
    config.profile = *legacy;
    config.profile_explicit = true;
  }

  std::string home = HomeDirectory(e);
  config.shared.credentials_path =
      ExpandHome(e("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), home);
  config.shared.config_path = ExpandHome(e("AWS_CONFIG_FILE").value_or("~/.aws/config"), home);
  AQ_ASSIGN_OR_RETURN(config.shared.credentials,
                      LoadSharedFile(config.shared.credentials_path, SharedFileKind::kCredentials,
                                     &config.shared.credentials_found));
  AQ_ASSIGN_OR_RETURN(config.shared.config,
                      LoadSharedFile(config.shared.config_path, SharedFileKind::kConfig,
                                     &config.shared.config_found));
  if (config.profile_explicit && !config.shared.HasProfile(config.profile)) {
    return Unauthenticated(
        "the config profile (" + config.profile + ") named by AWS_PROFILE could not be found in " +
        config.shared.credentials_path + " or " + config.shared.config_path +
        " (run `aws configure --profile " + config.profile + "` or unset AWS_PROFILE)");
  }

  if (auto region = e("AWS_REGION")) {
    config.region = *region;
    config.region_source = "AWS_REGION";
  } else if (auto default_region = e("AWS_DEFAULT_REGION")) {
    config.region = *default_region;
    config.region_source = "AWS_DEFAULT_REGION";
  } else if (auto profile_region = config.shared.Get(config.profile, "region")) {
    config.region = *profile_region;
    config.region_source = "profile " + config.profile + " in " + config.shared.config_path;
  } else {
    config.region = "us-east-1";
    config.region_source = "default (no AWS_REGION, AWS_DEFAULT_REGION or profile region)";
  }
  if (!IsValidRegion(config.region)) {
    return InvalidArgument("region '" + config.region + "' from " + config.region_source +
                           " is not a region name like eu-west-1");
  }

  AQ_ASSIGN_OR_RETURN(config.s3_endpoint, Endpoint(config, "AWS_ENDPOINT_URL_S3"));
  AQ_ASSIGN_OR_RETURN(config.sts_endpoint, Endpoint(config, "AWS_ENDPOINT_URL_STS"));
  AQ_ASSIGN_OR_RETURN(config.secrets_endpoint,
                      Endpoint(config, "AWS_ENDPOINT_URL_SECRETS_MANAGER"));

  config.http.user_agent = std::string("aqpipe/") + AQPIPE_VERSION;
  if (auto attempts = e("AWS_MAX_ATTEMPTS")) {
    AQ_ASSIGN_OR_RETURN(config.http.retry.max_attempts, PositiveInt("AWS_MAX_ATTEMPTS", *attempts));
  } else if (auto profile_attempts = config.shared.Get(config.profile, "max_attempts")) {
    AQ_ASSIGN_OR_RETURN(config.http.retry.max_attempts,
                        PositiveInt("max_attempts", *profile_attempts));
  }
  if (auto connect = e("AQPIPE_AWS_CONNECT_TIMEOUT_MS")) {
    AQ_ASSIGN_OR_RETURN(int ms, PositiveInt("AQPIPE_AWS_CONNECT_TIMEOUT_MS", *connect));
    config.http.connect_timeout = std::chrono::milliseconds(ms);
  }
  if (auto read = e("AQPIPE_AWS_READ_TIMEOUT")) {
    AQ_ASSIGN_OR_RETURN(int seconds, PositiveInt("AQPIPE_AWS_READ_TIMEOUT", *read));
    config.http.read_timeout = std::chrono::seconds(seconds);
  }
  return config;
}

std::string StsEndpoint(const AwsConfig& config) {
  if (!config.sts_endpoint.empty()) return config.sts_endpoint;
  return "https://sts." + config.region + ".amazonaws.com";
}

std::string SecretsManagerEndpoint(const AwsConfig& config) {
  if (!config.secrets_endpoint.empty()) return config.secrets_endpoint;
  return "https://secretsmanager." + config.region + ".amazonaws.com";
}

}  // namespace aq::aws
