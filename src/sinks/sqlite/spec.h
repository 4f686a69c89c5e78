// The sqlite sink's registration (sinks/sink_registry.cc): --warehouse sqlite:PATH.
#pragma once

#include "sinks/sink_spec.h"

namespace aq {

SinkSpec SqliteSinkSpec();

}  // namespace aq
