// Planner: splits the run's input objects into work units that readers take
// in parallel. A unit is a whole object, or, for a large uncompressed JSON
// Lines object, a byte range of it (the reader of a range owns the lines that
// start inside it), so one big file still keeps every core busy.
//
// Thread safety: pure function over the file systems (which are thread-safe).
#pragma once

#include <vector>

#include "sources/source.h"

namespace aq {

struct WorkUnit {
  uint32_t object = 0;
  uint64_t begin = 0;
  uint64_t end = kToEnd;  // exclusive; kToEnd for whole objects
  bool first_range = true;
};

Result<std::vector<WorkUnit>> PlanWorkUnits(const std::vector<SourceObject>& objects,
                                            uint64_t split_bytes);

}  // namespace aq
