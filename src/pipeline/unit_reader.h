// UnitReader: reads one work unit (object or byte range) and turns it into
// record batches: fetch bytes, decompress, detect the record format, cut into
// chunks of whole records, flatten every record.
//
// Thread safety: one UnitReader per reader thread; it owns a Flattener.
#pragma once

#include <functional>
#include <memory>

#include "normalize/flattener.h"
#include "pipeline/planner.h"
#include "pipeline/run_options.h"

namespace aq {

class UnitReader {
 public:
  UnitReader(ColumnRegistry* registry, const RunOptions& options)
      : flattener_(registry, options.max_depth), options_(options) {}

  // Calls `emit` for every batch of the unit, in order, the last one marked last_in_unit.
  // `emit` returns false to stop early (the run is being cancelled).
  Status Read(const SourceObject& object, const WorkUnit& unit, uint64_t unit_index,
              const std::function<bool(std::unique_ptr<RecordBatch>)>& emit);

 private:
  Result<std::unique_ptr<ChunkReader>> Open(const SourceObject& object, const WorkUnit& unit);

  Flattener flattener_;
  const RunOptions& options_;
};

}  // namespace aq
