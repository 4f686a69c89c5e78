// The postgresql sink's registration (sinks/sink_registry.cc):
// --warehouse postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...] (also
// postgres://); libpq's PG* environment variables fill what the URL leaves out;
// --schema picks the schema (default public).
#pragma once

#include "sinks/sink_spec.h"

namespace aq {

SinkSpec PostgresSinkSpec();

}  // namespace aq
