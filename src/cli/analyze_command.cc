// `aqpipe analyze`: creates (or replaces) the two analytics views beside a loaded table
// (sinks/views.h, docs/analytics.md); --print-sql shows the statements instead.
#include <cstdio>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/sink_flags.h"
#include "cli/view_flags.h"

namespace aq::cli {
namespace {

struct AnalyzeFlags {
  ViewFlags target;
  std::string timezone = "UTC";
  bool print_sql = false;
};

int Analyze(AnalyzeFlags& flags) {
  auto clock = ParseDayClock(flags.timezone);
  if (!clock.ok()) {
    Log("error", clock.status().message());
    return kExitUsage;
  }
  ViewOptions options;
  options.table = flags.target.table;
  options.clock = *clock;
  int code = kExitOk;
  auto views = OpenViews(flags.target, !flags.print_sql, &code);
  if (!views) return code;
  if (flags.print_sql) {
    for (const std::string& sql : views->Statements(options)) std::printf("%s;\n\n", sql.c_str());
    return kExitOk;
  }
  if (Status created = views->Create(options); !created.ok()) {
    Log("error", created.message());
    return ExitCodeFor(created);
  }
  std::printf("created views %s and %s beside table %s in %s (days: %s)\n",
              MonthlyMaxView(options.table).c_str(), DailyVsWeekView(options.table).c_str(),
              options.table.c_str(), views->Describe().c_str(), flags.timezone.c_str());
  return kExitOk;
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* command = app.add_subcommand(
      "analyze",
      "Create the views <table>_monthly_max and <table>_daily_vs_7day_max beside a loaded table");
  AddViewFlags(*command, &flags->target);
  command
      ->add_option("--timezone", flags->timezone,
                   "Calendar days and months on this clock: UTC, a fixed offset (+02:00), or "
                   "a zone name (Europe/Brussels; PostgreSQL and Snowflake only)")
      ->capture_default_str();
  command->add_flag("--print-sql", flags->print_sql,
                    "Print the statements for the chosen warehouse instead of running them "
                    "(needs no login)");
  BindEnvironment(*command);
  command->callback([flags, exit_code] { *exit_code = Analyze(*flags); });
}

}  // namespace aq::cli
