// The analytics views (sinks/views.h) in PostgreSQL's SQL. Days follow any --timezone: UTC, a
// fixed offset, or a zone name from the server's time-zone database (pg_timezone_names), with
// its daylight-saving changes.
//
// Thread safety: one object per command.
#pragma once

#include <memory>
#include <string>

#include "sinks/views.h"

namespace aq {

// `schema` empty: public.
std::unique_ptr<WarehouseViews> NewPostgresViews(const std::string& url, const std::string& schema);

}  // namespace aq
