#include "clients/aws/credential_chain.h"

namespace aq::aws {

std::vector<NamedSource> DefaultCredentialSources() {
  return {
      {"environment", FromEnvironment},
      {"assume-role profile", FromProfileRole},
      {"web identity", FromWebIdentity},
      {"shared credentials file", FromCredentialsFile},
      {"shared config file", FromConfigFile},
      {"container credentials", FromContainer},
      {"EC2 instance metadata", FromInstanceMetadata},
  };
}

CredentialChain::CredentialChain(CredentialContext context, std::vector<NamedSource> sources,
                                 std::function<Clock::time_point()> now)
    : context_(context), sources_(std::move(sources)), now_(std::move(now)) {}

Result<AwsCredentials> CredentialChain::Checked(AwsCredentials credentials) const {
  if (credentials.expiration && *credentials.expiration <= now_()) {
    return Unauthenticated(
        "expired token: the credentials from " + credentials.source + " expired at " +
        FormatAwsTimestamp(*credentials.expiration) +
        "; renew them (a new session token, aws sso login, or fix the credentials provider)");
  }
  return credentials;
}

Result<AwsCredentials> CredentialChain::Walk() {
  std::vector<std::string> looked;
  for (size_t i = 0; i < sources_.size(); ++i) {
    std::string where;
    SourceResult result = sources_[i].load(context_, &where);
    if (!result.ok()) return result.status();
    if (result->has_value()) {
      winner_ = static_cast<int>(i);
      return Checked(std::move(**result));
    }
    looked.push_back(where);
  }
  std::string message = "no AWS credentials found. Looked, in order, at:";
  for (size_t i = 0; i < looked.size(); ++i)
    message += "\n  " + std::to_string(i + 1) + ". " + looked[i];
  message +=
      "\nRun `aws configure`, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or set AWS_PROFILE "
      "to a "
      "configured profile.";
  return Unauthenticated(message);
}

Result<AwsCredentials> CredentialChain::Get() {
  std::lock_guard lock(mu_);
  if (cached_ && (!cached_->expiration || now_() + kRefreshMargin < *cached_->expiration))
    return *cached_;
  Result<AwsCredentials> fresh = Internal("unset");
  if (winner_ >= 0) {
    std::string where;
    SourceResult result = sources_[static_cast<size_t>(winner_)].load(context_, &where);
    if (!result.ok()) {
      fresh = result.status();
    } else if (!result->has_value()) {
      fresh = Unauthenticated("the credentials from " + cached_->source +
                              " could not be renewed: " + where + " has none any more");
    } else {
      fresh = Checked(std::move(**result));
    }
  } else {
    fresh = Walk();
  }
  if (!fresh.ok()) {
    // Old credentials that have not yet expired still serve while renewal fails.
    if (cached_ && cached_->expiration && now_() < *cached_->expiration) return *cached_;
    return fresh.status();
  }
  cached_ = *fresh;
  return *cached_;
}

}  // namespace aq::aws
