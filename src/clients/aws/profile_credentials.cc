// Credential sources that read the environment and the shared AWS files, and
// the role assumptions they lead to.
#include <fstream>
#include <set>
#include <sstream>

#include "clients/aws/credential_sources.h"
#include "common/redact.h"
#include "common/text_format.h"

namespace aq::aws {
namespace {

constexpr int kMaxRoleChain = 8;

Result<std::string> ReadTokenFile(const std::string& path, const std::string& variable) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Unauthenticated("cannot read the web identity token file " + path + " named by " +
                           variable);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string token = buffer.str();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.empty()) return Unauthenticated("the web identity token file " + path + " is empty");
  redact::Register(token);
  return token;
}

// Static keys of `profile`, from whichever file has them. Partial keys are an error.
Result<std::optional<AwsCredentials>> StaticKeys(const ProfileMap& map, const std::string& profile,
                                                 const std::string& path) {
  auto section = map.find(profile);
  if (section == map.end()) return std::optional<AwsCredentials>();
  auto get = [&](const char* key) -> std::string {
    auto it = section->second.find(key);
    return it == section->second.end() ? "" : it->second;
  };
  AwsCredentials out;
  out.access_key_id = get("aws_access_key_id");
  out.secret_access_key = get("aws_secret_access_key");
  out.session_token = get("aws_session_token");
  if (out.access_key_id.empty() && out.secret_access_key.empty())
    return std::optional<AwsCredentials>();
  if (out.access_key_id.empty() || out.secret_access_key.empty()) {
    return Unauthenticated("profile " + profile + " in " + path +
                           " has only one of aws_access_key_id and " +
                           "aws_secret_access_key (run `aws configure --profile " + profile + "`)");
  }
  out.source = "profile " + profile + " in " + path;
  return std::optional<AwsCredentials>(std::move(out));
}

Result<AwsCredentials> WebIdentityCredentials(const CredentialContext& context,
                                              const AssumeRoleRequest& request,
                                              const std::string& token_file,
                                              const std::string& variable) {
  AQ_ASSIGN_OR_RETURN(std::string token, ReadTokenFile(token_file, variable));
  return context.sts->AssumeRoleWithWebIdentity(request, token);
}

Result<AwsCredentials> Required(SourceResult result, const std::string& what) {
  if (!result.ok()) return result.status();
  if (!result->has_value()) return Unauthenticated(what + " has no credentials");
  return std::move(**result);
}

}  // namespace

Result<ProfilePlan> PlanProfileCredentials(const SharedConfig& shared, const std::string& profile) {
  ProfilePlan plan;
  std::set<std::string> visited;
  std::string current = profile;
  for (;;) {
    if (!shared.HasProfile(current)) {
      // Error path: builds one message and leaves the loop.
      // NOLINTNEXTLINE(performance-inefficient-string-concatenation)
      return Unauthenticated("profile " + current + " (source_profile of " + profile +
                             ") is not in " + shared.config_path + " or " +
                             shared.credentials_path);
    }
    std::optional<std::string> role_arn = shared.Get(current, "role_arn");
    if (!role_arn) {
      plan.base = ProfilePlan::Base::kStaticKeys;
      plan.base_profile = current;
      break;
    }
    if (!visited.insert(current).second || plan.roles.size() >= kMaxRoleChain) {
      // NOLINTNEXTLINE(performance-inefficient-string-concatenation): error path, as above
      return InvalidArgument("profile " + profile + " has a source_profile loop through " +
                             current);
    }
    RoleStep step;
    step.profile = current;
    step.request.role_arn = *role_arn;
    step.request.session_name = shared.Get(current, "role_session_name").value_or("");
    step.request.external_id = shared.Get(current, "external_id").value_or("");
    if (auto duration = shared.Get(current, "duration_seconds"))
      step.request.duration_seconds = std::atoi(duration->c_str());
    plan.roles.insert(plan.roles.begin(), step);  // the innermost role is assumed first

    auto source_profile = shared.Get(current, "source_profile");
    auto credential_source = shared.Get(current, "credential_source");
    auto token_file = shared.Get(current, "web_identity_token_file");
    int sources = (source_profile ? 1 : 0) + (credential_source ? 1 : 0) + (token_file ? 1 : 0);
    if (sources != 1) {
      return InvalidArgument(
          "profile " + current + " has role_arn and needs exactly one of source_profile, " +
          "credential_source or web_identity_token_file (in " + shared.config_path + ")");
    }
    if (token_file) {
      plan.base = ProfilePlan::Base::kWebIdentity;
      plan.base_profile = current;
      break;
    }
    if (credential_source) {
      std::string name = AsciiLower(*credential_source);
      if (name == "environment") {
        plan.base = ProfilePlan::Base::kEnvironment;
      } else if (name == "ecscontainer") {
        plan.base = ProfilePlan::Base::kContainer;
      } else if (name == "ec2instancemetadata") {
        plan.base = ProfilePlan::Base::kInstanceMetadata;
      } else {
        return InvalidArgument("profile " + current +
                               " has credential_source = " + *credential_source +
                               "; use Environment, EcsContainer or Ec2InstanceMetadata");
      }
      break;
    }
    if (*source_profile == current) {
      // A profile may name itself: its own static keys assume its role.
      plan.base = ProfilePlan::Base::kStaticKeys;
      plan.base_profile = current;
      break;
    }
    current = *source_profile;
  }
  return plan;
}

SourceResult FromEnvironment(const CredentialContext& context, std::string* looked) {
  const EnvLookup& env = context.config->env;
  *looked = "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not set)";
  auto key = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (!key && !secret) return std::optional<AwsCredentials>();
  AwsCredentials out;
  out.secret_access_key = secret.value_or("");
  out.session_token = env("AWS_SESSION_TOKEN").value_or(env("AWS_SECURITY_TOKEN").value_or(""));
  if (!key || !secret) {
    return Unauthenticated(std::string("partial credentials in the environment: ") +
                           (key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") +
                           " is missing (set both, or unset both to use a profile or a role)");
  }
  out.access_key_id = *key;
  out.source = "environment";
  if (auto expiration = env("AWS_CREDENTIAL_EXPIRATION")) {
    AQ_ASSIGN_OR_RETURN(out.expiration, ParseAwsTimestamp(*expiration));
  }
  return std::optional<AwsCredentials>(std::move(out));
}

SourceResult FromProfileRole(const CredentialContext& context, std::string* looked) {
  const AwsConfig& config = *context.config;
  *looked = "profile " + config.profile + " with role_arn to assume (none)";
  if (!config.shared.Get(config.profile, "role_arn")) return std::optional<AwsCredentials>();
  AQ_ASSIGN_OR_RETURN(ProfilePlan plan, PlanProfileCredentials(config.shared, config.profile));

  AwsCredentials current;
  std::string what = "profile " + plan.base_profile;
  switch (plan.base) {
    case ProfilePlan::Base::kStaticKeys: {
      AQ_ASSIGN_OR_RETURN(auto keys, StaticKeys(config.shared.credentials, plan.base_profile,
                                                config.shared.credentials_path));
      if (!keys) {
        AQ_ASSIGN_OR_RETURN(
            keys, StaticKeys(config.shared.config, plan.base_profile, config.shared.config_path));
      }
      if (!keys) {
        return Unauthenticated("source profile " + plan.base_profile + " of profile " +
                               config.profile + " has no aws_access_key_id/aws_secret_access_key");
      }
      current = std::move(*keys);
      break;
    }
    case ProfilePlan::Base::kEnvironment: {
      std::string ignored;
      AQ_ASSIGN_OR_RETURN(
          current, Required(FromEnvironment(context, &ignored), "credential_source Environment"));
      break;
    }
    case ProfilePlan::Base::kContainer: {
      std::string ignored;
      AQ_ASSIGN_OR_RETURN(
          current, Required(FromContainer(context, &ignored), "credential_source EcsContainer"));
      break;
    }
    case ProfilePlan::Base::kInstanceMetadata: {
      std::string ignored;
      AQ_ASSIGN_OR_RETURN(current, Required(FromInstanceMetadata(context, &ignored),
                                            "credential_source Ec2InstanceMetadata"));
      break;
    }
    case ProfilePlan::Base::kWebIdentity: {
      // The web identity role is the first step of the plan.
      RoleStep first = plan.roles.front();
      plan.roles.erase(plan.roles.begin());
      std::string file = *config.shared.Get(plan.base_profile, "web_identity_token_file");
      AQ_ASSIGN_OR_RETURN(
          current, WebIdentityCredentials(context, first.request, file,
                                          "web_identity_token_file of profile " + first.profile));
      break;
    }
  }
  for (const RoleStep& step : plan.roles) {
    AQ_ASSIGN_OR_RETURN(current, context.sts->AssumeRole(current, step.request));
    current.source = "profile " + config.profile + " (role " + step.request.role_arn + ")";
  }
  return std::optional<AwsCredentials>(std::move(current));
}

SourceResult FromWebIdentity(const CredentialContext& context, std::string* looked) {
  const EnvLookup& env = context.config->env;
  *looked = "web identity: AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN (not set)";
  auto file = env("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role = env("AWS_ROLE_ARN");
  if (!file && !role) return std::optional<AwsCredentials>();
  if (!file || !role) {
    return Unauthenticated(std::string("web identity is half configured: ") +
                           (file ? "AWS_ROLE_ARN" : "AWS_WEB_IDENTITY_TOKEN_FILE") + " is not set");
  }
  AssumeRoleRequest request;
  request.role_arn = *role;
  request.session_name = env("AWS_ROLE_SESSION_NAME").value_or("");
  AQ_ASSIGN_OR_RETURN(AwsCredentials out, WebIdentityCredentials(context, request, *file,
                                                                 "AWS_WEB_IDENTITY_TOKEN_FILE"));
  out.source = "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, role " + *role + ")";
  return std::optional<AwsCredentials>(std::move(out));
}

SourceResult FromCredentialsFile(const CredentialContext& context, std::string* looked) {
  const AwsConfig& config = *context.config;
  *looked = "profile " + config.profile + " in " + config.shared.credentials_path +
            (config.shared.credentials_found ? "" : " (no such file)");
  return StaticKeys(config.shared.credentials, config.profile, config.shared.credentials_path);
}

SourceResult FromConfigFile(const CredentialContext& context, std::string* looked) {
  const AwsConfig& config = *context.config;
  *looked = "profile " + config.profile + " in " + config.shared.config_path +
            (config.shared.config_found ? "" : " (no such file)");
  return StaticKeys(config.shared.config, config.profile, config.shared.config_path);
}

}  // namespace aq::aws
