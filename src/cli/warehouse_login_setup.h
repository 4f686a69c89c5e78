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

// nullopt when neither a secret nor SNOWFLAKE_ACCOUNT/SNOWFLAKE_URL is given.
Result<std::optional<aws::WarehouseLogin>> ResolveWarehouseLogin(const std::string& secret);

}  // namespace aq::cli
