#include "cli/view_flags.h"

#include "cli/exit_code.h"
#include "cli/log.h"
#include "cli/sink_flags.h"

namespace aq::cli {

void AddViewFlags(CLI::App& command, ViewFlags* flags) {
  command
      .add_option("--warehouse", flags->warehouse,
                  "Where the table is: " + flags->sinks.WarehouseUsage(" or "))
      ->capture_default_str();
  command.add_option("--table", flags->table, "The loaded table")->capture_default_str();
  command.add_option("--schema", flags->schema,
                     "Its schema (PostgreSQL: public; Snowflake: the login's, else PUBLIC)");
  command.add_option("--secret", flags->secret,
                     "AWS Secrets Manager secret with the warehouse login (Snowflake)");
  AddSinkFlags(&command, flags->sinks, /*loading=*/false);
}

std::unique_ptr<WarehouseViews> OpenViews(ViewFlags& flags, bool resolve_login, int* exit_code) {
  if (flags.table.empty()) {
    Log("error", "--table needs a table name");
    *exit_code = kExitUsage;
    return nullptr;
  }
  SinkRequest request;
  request.warehouse = flags.warehouse;
  request.table = flags.table;
  request.schema = flags.schema;
  request.secret = flags.secret;
  if (resolve_login) {
    if (Status login = flags.sinks.ResolveLogin(request, true); !login.ok()) {
      Log("error", login.message());
      *exit_code = login.code() == StatusCode::kInvalidArgument ? kExitFailure : ExitCodeFor(login);
      return nullptr;
    }
  }
  auto views = flags.sinks.OpenViews(request);
  if (!views.ok()) {
    Log("error", views.status().message());
    *exit_code = ExitCodeFor(views.status());
    return nullptr;
  }
  return std::move(views).value();
}

}  // namespace aq::cli
