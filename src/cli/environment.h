// Every option of a command can also come from an AQPIPE_* environment variable, so a Batch job
// definition, a container override or a Conveyor task configures aqpipe without a shell wrapper:
// `--foo-bar` reads AQPIPE_FOO_BAR. The command line wins over the environment; --help names
// each variable. Options that already read a variable of their own keep it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace aq::cli {

// The variable an option with the long name `long_name` ("foo-bar") reads: AQPIPE_FOO_BAR.
std::string EnvironmentVariableFor(const std::string& long_name);

// Gives every option of `command` added so far its AQPIPE_* variable. Call it last, after every
// option of the command is added.
void BindEnvironment(CLI::App& command);

// After a usage error: names the AQPIPE_* variables that are set (not their values), since a bad
// value may have come from one of them rather than from the command line.
void NameEnvironmentInUse();

}  // namespace aq::cli
