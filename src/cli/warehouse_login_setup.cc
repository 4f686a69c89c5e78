#include "cli/warehouse_login_setup.h"

#include <cstdlib>

#include "clients/aws/aws_session.h"
#include "clients/aws/secrets_manager.h"
#include "common/redact.h"

namespace aq::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

Result<std::optional<aws::WarehouseLogin>> ResolveWarehouseLogin(const std::string& secret) {
  if (!secret.empty()) {
    AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Shared());
    aws::SecretsManagerClient client(session);
    AQ_ASSIGN_OR_RETURN(aws::SecretValue value, client.GetSecretValue(secret));
    AQ_ASSIGN_OR_RETURN(aws::WarehouseLogin login,
                        aws::ParseWarehouseLogin(value.secret_string, secret));
    return std::optional<aws::WarehouseLogin>(std::move(login));
  }
  std::string url = Env("SNOWFLAKE_URL");
  std::string account = Env("SNOWFLAKE_ACCOUNT");
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
  if (login.private_key.empty() && !Env("SNOWFLAKE_PRIVATE_KEY_PATH").empty()) {
    return InvalidArgument(
        "SNOWFLAKE_PRIVATE_KEY_PATH is not supported; put the PEM in SNOWFLAKE_PRIVATE_KEY");
  }
  redact::Register(login.password);
  redact::Register(login.private_key);
  redact::Register(login.private_key_passphrase);
  if (login.user.empty())
    return InvalidArgument("SNOWFLAKE_USER is not set (needed with SNOWFLAKE_ACCOUNT/URL)");
  if (login.password.empty() && login.private_key.empty()) {
    return InvalidArgument(
        "set SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY (key-pair login) for the Snowflake login");
  }
  return std::optional<aws::WarehouseLogin>(std::move(login));
}

}  // namespace aq::cli
