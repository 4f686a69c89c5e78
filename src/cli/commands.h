// The subcommands of the aqpipe command line. Each Add*Command registers its
// flags on the CLI11 app and, when chosen, runs and stores the exit code.
// Only this layer prints and chooses exit codes (cli/exit_code.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/exit_code.h"

namespace aq::cli {

void AddRunCommand(CLI::App& app, int* exit_code);
void AddSchemaCommand(CLI::App& app, int* exit_code);
void AddGenerateCommand(CLI::App& app, int* exit_code);
void AddIngestCommand(CLI::App& app, int* exit_code);
void AddLoadCommand(CLI::App& app, int* exit_code);
void AddAnalyzeCommand(CLI::App& app, int* exit_code);
void AddReportCommand(CLI::App& app, int* exit_code);

}  // namespace aq::cli
