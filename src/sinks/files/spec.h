// The files sink's registration (sinks/sink_registry.cc). It answers to no
// --warehouse value: --output asks for it, beside the warehouse or alone.
#pragma once

#include "sinks/sink_spec.h"

namespace aq {

SinkSpec FilesSinkSpec();

}  // namespace aq
