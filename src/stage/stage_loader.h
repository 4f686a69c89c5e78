// LoadRunStage: `aqpipe load` (docs/scale-out.md). Reads every part a complete run stage lists
// (ReadRunStage) back into record batches typed by the unified schema, and drives one sink
// through the same Begin -> Prepare -> Write... -> Commit sequence as a run, so deduplication on
// the natural key (across shards and against the table), the load ledger and atomicity are the
// sink's own: one transaction for the whole stage, and a second load adds nothing.
//
// The ledger: the shards' manifests list their source objects and how many rows of the parts
// each gave, in order; objects the target's ledger already holds at the same version are
// skipped, row for row, and the others are recorded in the sink's Commit, as a run would.
//
// Thread safety: call from one thread.
#pragma once

#include "pipeline/run_options.h"
#include "sinks/sink.h"
#include "stage/run_stage.h"

namespace aq {

struct StageLoadResult {
  RunStats stats;  // objects (loaded now), objects_skipped (in the ledger), records_read (rows)
  std::vector<std::string> key;
  std::string target;
};

// Loads `run` into `sink`; aborts the sink on any failure, so the target is unchanged.
Result<StageLoadResult> LoadRunStage(const StagedRun& run, Sink& sink);

}  // namespace aq
