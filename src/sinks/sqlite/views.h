// The analytics views (sinks/views.h) in SQLite's SQL. SQLite has no time-zone database, so a
// day is a UTC day or a day at a fixed offset (--timezone +02:00); a zone name is refused.
//
// Thread safety: one object per command.
#pragma once

#include <memory>
#include <string>

#include "sinks/views.h"

namespace aq {

std::unique_ptr<WarehouseViews> NewSqliteViews(const std::string& path);

}  // namespace aq
