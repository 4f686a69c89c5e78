// Every sink aqpipe has, in the order the command line lists them. The one
// place a new sink is registered (docs/architecture.md, "Adding a warehouse").
//
// Thread safety: the list is built once, on first use, and never changes.
#pragma once

#include <vector>

#include "sinks/sink_spec.h"

namespace aq {

const std::vector<SinkSpec>& RegisteredSinks();

}  // namespace aq
