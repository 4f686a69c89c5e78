// The subcommands of the aqpipe command line. Each Add*Command registers its
// flags on the CLI11 app and, when chosen, runs and stores the exit code.
// Only this layer prints and chooses exit codes:
//   0 ok, 1 failure (message says what to fix), 2 usage error, 3 too many bad records.
#pragma once

#include <CLI/CLI.hpp>

namespace aq::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadData = 3;

void AddRunCommand(CLI::App& app, int* exit_code);
void AddSchemaCommand(CLI::App& app, int* exit_code);
void AddGenerateCommand(CLI::App& app, int* exit_code);

}  // namespace aq::cli
