// The AWS CLI's shared files: ~/.aws/credentials and ~/.aws/config, as
// `aws configure` writes them.
//
// In the credentials file a section is "[name]"; in the config file it is
// "[profile name]", except "[default]". Keys are lower-cased; values are taken
// verbatim after '=' (no inline comments, as botocore reads them). Indented
// lines under a key with no value ("s3 =\n  addressing_style = path") become
// "s3.addressing_style". Other section kinds ([sso-session x], [services x])
// are kept under their full header text and never taken for a profile.
//
// Thread safety: pure functions and values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aq::aws {

using ProfileValues = std::map<std::string, std::string>;
using ProfileMap = std::map<std::string, ProfileValues>;

enum class SharedFileKind { kCredentials, kConfig };

// Parses one file's text. Errors name the file and the line.
Result<ProfileMap> ParseSharedFile(std::string_view text, SharedFileKind kind,
                                   const std::string& path);

// Reads and parses `path`; a missing file is an empty map with *found = false.
Result<ProfileMap> LoadSharedFile(const std::string& path, SharedFileKind kind, bool* found);

struct SharedConfig {
  std::string credentials_path;
  std::string config_path;
  bool credentials_found = false;
  bool config_found = false;
  ProfileMap credentials;  // by profile name
  ProfileMap config;       // by profile name

  // Whether either file has a section for `profile`.
  bool HasProfile(const std::string& profile) const;
  // `key` of `profile`: the credentials file first, then the config file.
  std::optional<std::string> Get(const std::string& profile, const std::string& key) const;
};

}  // namespace aq::aws
