// WarehouseLogin: a Secrets Manager secret (a JSON object) read as the
// connection details of a warehouse, e.g. snowflake/capstone/login.
//
// Keys match case-insensitively: URL; USER_NAME (or USER, USERNAME);
// PASSWORD; DATABASE; WAREHOUSE; ROLE; SCHEMA; PRIVATE_KEY;
// PRIVATE_KEY_PASSPHRASE. URL, USER_NAME and one of PASSWORD or PRIVATE_KEY
// are required. Errors name missing keys and never quote any value.
//
// Thread safety: pure functions and values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/redact.h"
#include "common/status.h"

namespace aq::aws {

// The password, the key and its passphrase are Secrets (never formatted); the rest is printed
// as Snowflake's tools print it.
struct WarehouseLogin {
  std::string url, user, database, warehouse, role, schema;
  Secret password, private_key, private_key_passphrase;
};

// `secret_name` is only for messages.
Result<WarehouseLogin> ParseWarehouseLogin(std::string_view secret_json,
                                           const std::string& secret_name);

// The key names of a secret's JSON object, in order (for aws-check), never values.
Result<std::vector<std::string>> SecretKeyNames(std::string_view secret_json,
                                                const std::string& secret_name);

}  // namespace aq::aws
