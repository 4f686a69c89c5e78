// Turns each registered sink's option group (sinks/sink_spec.h OptionSpecs,
// plain data) into CLI11 flags, so sinks/ needs no command-line library and the
// command line names no warehouse.
#pragma once

#include <CLI/CLI.hpp>

#include "sinks/sink_factory.h"

namespace aq::cli {

// Adds every sink's flags to `command`, each under its spec's option group; `factory` must
// outlive the parse. Without `loading`, the flags that only matter to a load are left out.
void AddSinkFlags(CLI::App* command, SinkCatalog& factory, bool loading = true);

}  // namespace aq::cli
