// Where the warehouse login comes from: --secret (AWS Secrets Manager, the
// capstone's `snowflake/capstone/login`), else the SNOWFLAKE_* environment
// variables Snowflake's own tools read. Values are registered for redaction as
// soon as they are read.
#pragma once

#include <optional>
#include <string>

#include "clients/aws/warehouse_login.h"
#include "common/status.h"

namespace aq::cli {

// --snowflake-* flags: each one given replaces that part of the login from the secret or the
// environment. Secrets (password, key) are never flags: a command line is visible to every user
// of the machine. The key-pair login reads its PEM from --snowflake-private-key-file.
struct LoginFlags {
  std::string url, account, user, database, warehouse, role, private_key_file;
};

// nullopt when neither a secret, SNOWFLAKE_ACCOUNT/SNOWFLAKE_URL nor --snowflake-account/url
// is given.
Result<std::optional<aws::WarehouseLogin>> ResolveWarehouseLogin(const std::string& secret,
                                                                 const LoginFlags& flags = {});

}  // namespace aq::cli
