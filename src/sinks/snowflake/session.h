// A Snowflake session for aqpipe's statements, shared by the sink and the analytics views: logs
// in with session TIMEZONE UTC (so TIMESTAMP_TZ values carry +00:00), autocommit and the query
// tag "aqpipe", then selects the login's virtual warehouse.
//
// Thread safety: a function; the client it returns is used by one thread.
#pragma once

#include <chrono>
#include <memory>

#include "clients/snowflake/client.h"
#include "common/status.h"
#include "sinks/snowflake/login.h"

namespace aq::snowflake {

Result<std::unique_ptr<SnowflakeClient>> OpenSession(const SnowflakeLogin& login,
                                                     std::chrono::seconds read_timeout);

}  // namespace aq::snowflake
