// The analytics views (sinks/views.h) in Snowflake's SQL, created in the login's database and
// the --schema (else the login's, else PUBLIC). Days follow any --timezone: UTC, a fixed offset,
// or an IANA zone name (CONVERT_TIMEZONE). The same statements, for the default table and UTC,
// are the Snowsight worksheets in sql/snowflake/.
//
// Thread safety: one object per command.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "sinks/snowflake/login.h"
#include "sinks/views.h"

namespace aq {

// Without a login the object still gives Statements(); Create and the reads then fail with a
// message saying how to log in.
std::unique_ptr<WarehouseViews> NewSnowflakeViews(std::optional<snowflake::SnowflakeLogin> login,
                                                  std::string schema,
                                                  std::chrono::seconds read_timeout);

}  // namespace aq
