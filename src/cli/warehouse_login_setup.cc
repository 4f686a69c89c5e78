#include "cli/warehouse_login_setup.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "clients/aws/aws_session.h"
#include "clients/aws/secrets_manager.h"
#include "common/redact.h"

namespace aq::cli {
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

Result<std::optional<aws::WarehouseLogin>> FromSecretOrEnvironment(const std::string& secret,
                                                                   const LoginFlags& flags) {
  if (!secret.empty()) {
    AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Shared());
    aws::SecretsManagerClient client(session);
    AQ_ASSIGN_OR_RETURN(aws::SecretValue value, client.GetSecretValue(secret));
    AQ_ASSIGN_OR_RETURN(aws::WarehouseLogin login,
                        aws::ParseWarehouseLogin(value.secret_string, secret));
    return std::optional<aws::WarehouseLogin>(std::move(login));
  }
  std::string url = flags.url.empty() ? Env("SNOWFLAKE_URL") : flags.url;
  std::string account = flags.account.empty() ? Env("SNOWFLAKE_ACCOUNT") : flags.account;
  if (url.empty() && account.empty()) return std::optional<aws::WarehouseLogin>();
  aws::WarehouseLogin login;
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
  return std::optional<aws::WarehouseLogin>(std::move(login));
}

}  // namespace

Result<std::optional<aws::WarehouseLogin>> ResolveWarehouseLogin(const std::string& secret,
                                                                 const LoginFlags& flags) {
  AQ_ASSIGN_OR_RETURN(auto found, FromSecretOrEnvironment(secret, flags));
  if (!found) return found;
  aws::WarehouseLogin& login = *found;
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

}  // namespace aq::cli
