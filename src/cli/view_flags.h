// The flags `analyze` and `report` share to name a loaded table (--warehouse, --table,
// --schema, --secret and each warehouse's own login flags), and opening its analytics views.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "sinks/sink_factory.h"
#include "sinks/views.h"

namespace aq::cli {

struct ViewFlags {
  std::string warehouse = kDefaultWarehouse;
  std::string table = "measurements";
  std::string schema;
  std::string secret;
  SinkCatalog sinks;
};

void AddViewFlags(CLI::App& command, ViewFlags* flags);

// The views, or null after logging why; *exit_code then holds the code to exit with.
// `resolve_login` false skips reading the login (for --print-sql).
std::unique_ptr<WarehouseViews> OpenViews(ViewFlags& flags, bool resolve_login, int* exit_code);

}  // namespace aq::cli
