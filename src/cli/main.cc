// aqpipe: raw OpenAQ JSON in, a flattened, typed, deduplicated table out.
#include <CLI/CLI.hpp>

#include "cli/aws_check_command.h"
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"

// An exception escaping a command is a bug: std::terminate reports it and aborts, the intended
// crash signal rather than an ordinary failure exit code.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  CLI::App app{
      "aqpipe: load OpenAQ air-quality measurements (raw JSON, local or S3) into a warehouse"};
  app.set_version_flag("--version", std::string("aqpipe ") + AQPIPE_VERSION);
  app.require_subcommand(1);
  std::string log_format = "text";
  app.add_option("--log-format", log_format, "Log lines as human text or one JSON object per line")
      ->check(CLI::IsMember({"text", "json"}))
      ->envname("AQPIPE_LOG_FORMAT");
  app.fallthrough();
  app.footer(
      "Options also come from AQPIPE_* environment variables (--foo-bar: AQPIPE_FOO_BAR; the "
      "command line wins).\nExit codes: 0 ok, 1 failure (the message says what to fix), 2 usage, "
      "3 bad data, 75 transient (network, throttling, a busy warehouse: retry the same job).");
  int exit_code = aq::cli::kExitOk;
  aq::cli::AddRunCommand(app, &exit_code);
  aq::cli::AddLoadCommand(app, &exit_code);
  aq::cli::AddSchemaCommand(app, &exit_code);
  aq::cli::AddGenerateCommand(app, &exit_code);
  aq::cli::AddIngestCommand(app, &exit_code);
  aq::cli::AddAwsCheckCommand(app, &exit_code);
  aq::cli::AddAnalyzeCommand(app, &exit_code);
  aq::cli::AddReportCommand(app, &exit_code);
  app.parse_complete_callback([&] {
    aq::cli::SetLogFormat(log_format == "json" ? aq::cli::LogFormat::kJson
                                               : aq::cli::LogFormat::kText);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code != 0) aq::cli::NameEnvironmentInUse();
    return code == 0 ? aq::cli::kExitOk : aq::cli::kExitUsage;
  }
  return exit_code;
}
