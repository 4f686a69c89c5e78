// The snowflake sink's registration (sinks/sink_registry.cc): --warehouse
// snowflake, its login (--secret, SNOWFLAKE_* variables, --snowflake-* flags,
// see login.h) and its load options (--load-method, --stage, --snowflake-stage).
#pragma once

#include <string>
#include <vector>

#include "sinks/sink_spec.h"

namespace aq {

SinkSpec SnowflakeSinkSpec();

// Where bulk loads stage files: `stage` when given, else "_aqpipe_stage/" in the bucket of the
// first s3:// source, else empty (no bulk).
std::string StageLocation(const std::string& stage, const std::vector<std::string>& sources);

}  // namespace aq
