#include "sinks/snowflake/login.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "clients/aws/secret_json.h"
#include "common/redact.h"
#include "common/text_format.h"

namespace aq::snowflake {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

Result<std::string> ReadKeyFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(std::string(what) + " '" + path + "' cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN") == std::string::npos)
    return InvalidArgument(std::string(what) + " '" + path + "' is not a PEM private key");
  return text.str();
}

void Override(const std::string& flag, std::string* value) {
  if (!flag.empty()) *value = flag;
}

Result<std::optional<SnowflakeLogin>> FromSecretOrEnvironment(const std::string& secret,
                                                              const LoginFlags& flags) {
  if (!secret.empty()) {
    AQ_ASSIGN_OR_RETURN(aws::JsonMembers members, aws::ReadSecretJson(secret, kLoginSecretKeys));
    AQ_ASSIGN_OR_RETURN(SnowflakeLogin login, ParseSnowflakeLogin(members, secret));
    return std::optional<SnowflakeLogin>(std::move(login));
  }
  std::string url = flags.url.empty() ? Env("SNOWFLAKE_URL") : flags.url;
  std::string account = flags.account.empty() ? Env("SNOWFLAKE_ACCOUNT") : flags.account;
  if (url.empty() && account.empty()) return std::optional<SnowflakeLogin>();
  SnowflakeLogin login;
  login.url = url.empty() ? account + ".snowflakecomputing.com" : url;
  login.user = Env("SNOWFLAKE_USER");
  login.password = Env("SNOWFLAKE_PASSWORD");
  login.database = Env("SNOWFLAKE_DATABASE");
  login.warehouse = Env("SNOWFLAKE_WAREHOUSE");
  login.role = Env("SNOWFLAKE_ROLE");
  login.schema = Env("SNOWFLAKE_SCHEMA");
  login.private_key = Env("SNOWFLAKE_PRIVATE_KEY");
  login.private_key_passphrase = Env("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE");
  // SnowSQL and the Snowflake CLI name the key file either way.
  for (const char* name : {"SNOWFLAKE_PRIVATE_KEY_FILE", "SNOWFLAKE_PRIVATE_KEY_PATH"}) {
    if (!login.private_key.empty() || Env(name).empty()) continue;
    AQ_ASSIGN_OR_RETURN(login.private_key, ReadKeyFile(Env(name), name));
  }
  return std::optional<SnowflakeLogin>(std::move(login));
}

}  // namespace

Result<SnowflakeLogin> ParseSnowflakeLogin(const aws::JsonMembers& members,
                                           const std::string& secret_name) {
  SnowflakeLogin login;
  std::string password, private_key, passphrase;  // held as Secrets below
  const std::pair<const char*, std::string*> fields[] = {
      {"URL", &login.url},
      {"USER_NAME", &login.user},
      {"USERNAME", &login.user},
      {"USER", &login.user},
      {"PASSWORD", &password},
      {"DATABASE", &login.database},
      {"WAREHOUSE", &login.warehouse},
      {"ROLE", &login.role},
      {"SCHEMA", &login.schema},
      {"PRIVATE_KEY", &private_key},
      {"PRIVATE_KEY_PASSPHRASE", &passphrase},
  };
  for (const auto& [key, value] : members) {
    std::string name = AsciiUpper(key);
    for (const auto& [field, target] : fields) {
      // The first spelling found wins; USER_NAME is listed before its aliases.
      if (name == field && target->empty()) *target = value;
    }
  }
  login.password = std::move(password);
  login.private_key = std::move(private_key);
  login.private_key_passphrase = std::move(passphrase);
  std::vector<std::string> missing;
  if (login.url.empty()) missing.push_back("URL");
  if (login.user.empty()) missing.push_back("USER_NAME");
  if (login.password.empty() && login.private_key.empty())
    missing.push_back("PASSWORD or PRIVATE_KEY");
  if (!missing.empty()) {
    std::string list;
    for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
    std::string present;
    for (const auto& [key, value] : members) present += (present.empty() ? "" : ", ") + key;
    return InvalidArgument("malformed secret '" + secret_name + "': missing " + list +
                           " (keys present: " + (present.empty() ? "none" : present) +
                           "; key names match in any case)");
  }
  return login;
}

Result<SnowflakeLogin> ParseSnowflakeLogin(std::string_view secret_json,
                                           const std::string& secret_name) {
  AQ_ASSIGN_OR_RETURN(aws::JsonMembers members,
                      aws::ParseSecretJson(secret_json, secret_name, kLoginSecretKeys));
  return ParseSnowflakeLogin(members, secret_name);
}

Result<std::optional<SnowflakeLogin>> ResolveSnowflakeLogin(const std::string& secret,
                                                            const LoginFlags& flags) {
  AQ_ASSIGN_OR_RETURN(auto found, FromSecretOrEnvironment(secret, flags));
  if (!found) return found;
  SnowflakeLogin& login = *found;
  if (!flags.url.empty()) {
    login.url = flags.url;
  } else if (!flags.account.empty()) {
    login.url = flags.account + ".snowflakecomputing.com";
  }
  Override(flags.user, &login.user);
  Override(flags.database, &login.database);
  Override(flags.warehouse, &login.warehouse);
  Override(flags.role, &login.role);
  if (!flags.private_key_file.empty()) {
    AQ_ASSIGN_OR_RETURN(login.private_key,
                        ReadKeyFile(flags.private_key_file, "--snowflake-private-key-file"));
  }
  std::string from = secret.empty() ? "SNOWFLAKE_" : "the secret " + secret + "'s ";
  if (login.user.empty()) {
    return InvalidArgument("the Snowflake login has no user: set " + from +
                           (secret.empty() ? "USER" : "USER_NAME") + " or --snowflake-user");
  }
  if (login.password.empty() && login.private_key.empty()) {
    return InvalidArgument(
        "the Snowflake login has neither a password nor a private key: set SNOWFLAKE_PASSWORD, "
        "SNOWFLAKE_PRIVATE_KEY(_FILE) or --snowflake-private-key-file (key-pair login)");
  }
  return found;
}

}  // namespace aq::snowflake
