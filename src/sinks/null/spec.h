// The null sink's registration (sinks/sink_registry.cc): --warehouse null (or none).
#pragma once

#include "sinks/sink_spec.h"

namespace aq {

SinkSpec NullSinkSpec();

}  // namespace aq
