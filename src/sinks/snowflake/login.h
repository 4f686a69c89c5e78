// The Snowflake login: from --secret (an AWS Secrets Manager JSON object, the
// capstone's `snowflake/capstone/login`), else the SNOWFLAKE_* environment
// variables Snowflake's own tools read; each --snowflake-* flag given then
// replaces its part. The secret parts are held as Secret from the moment they
// are read.
//
// Secret keys match case-insensitively: URL; USER_NAME (or USER, USERNAME);
// PASSWORD; DATABASE; WAREHOUSE; ROLE; SCHEMA; PRIVATE_KEY;
// PRIVATE_KEY_PASSPHRASE. URL, USER_NAME and one of PASSWORD or PRIVATE_KEY
// are required. Errors name missing keys and never quote any value.
//
// Thread safety: pure functions and values (ResolveSnowflakeLogin reads the
// environment and may call Secrets Manager).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/aws/json_object.h"
#include "common/redact.h"
#include "common/status.h"

namespace aq::snowflake {

// The password, the key and its passphrase are Secrets (never formatted); the rest is printed
// as Snowflake's tools print it.
struct SnowflakeLogin {
  std::string url, user, database, warehouse, role, schema;
  Secret password, private_key, private_key_passphrase;
};

// The secret's keys, for messages and help.
inline constexpr std::string_view kLoginSecretKeys = "keys URL, USER_NAME, PASSWORD, ...";

// --snowflake-* flags: each one given replaces that part of the login from the secret or the
// environment. Secrets (password, key) are never flags: a command line is visible to every user
// of the machine. The key-pair login reads its PEM from --snowflake-private-key-file.
struct LoginFlags {
  std::string url, account, user, database, warehouse, role, private_key_file;
};

// The login a secret's JSON members hold. `secret_name` is only for messages.
Result<SnowflakeLogin> ParseSnowflakeLogin(const aws::JsonMembers& members,
                                           const std::string& secret_name);
// The same from the secret's text.
Result<SnowflakeLogin> ParseSnowflakeLogin(std::string_view secret_json,
                                           const std::string& secret_name);

// nullopt when neither a secret, SNOWFLAKE_ACCOUNT/SNOWFLAKE_URL nor --snowflake-account/url
// is given.
Result<std::optional<SnowflakeLogin>> ResolveSnowflakeLogin(const std::string& secret,
                                                            const LoginFlags& flags = {});

}  // namespace aq::snowflake
