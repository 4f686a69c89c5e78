#include "sinks/sink_registry.h"

#include "sinks/files/spec.h"
#include "sinks/null/spec.h"
#include "sinks/postgresql/spec.h"
#include "sinks/snowflake/spec.h"
#include "sinks/sqlite/spec.h"

namespace aq {

const std::vector<SinkSpec>& RegisteredSinks() {
  // The order is the order of --warehouse's help and of the option groups in `run --help`.
  static const std::vector<SinkSpec> sinks = {
      SqliteSinkSpec(), PostgresSinkSpec(), SnowflakeSinkSpec(), NullSinkSpec(), FilesSinkSpec(),
  };
  return sinks;
}

}  // namespace aq
