// Sink: where flattened records go (a warehouse table, files, nowhere).
//
// The writer calls Begin once, Write for every batch in source order, then
// Commit, or Abort on any failure. A sink must make a run all-or-nothing: until
// Commit returns, the target shows none of the run's rows, and a run that
// fails or is killed leaves it as it was. Warehouses deduplicate on the
// natural key, so rerunning over the same input adds nothing.
//
// Each backend lives in its own folder (sqlite/, postgresql/, snowflake/,
// files/, null/) and registers a SinkSpec (sink_spec.h) in sink_registry.cc;
// sink_factory.cc looks a --warehouse value up there (docs/architecture.md).
//
// Thread safety: a sink is driven by the single writer thread.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/filesystem.h"
#include "normalize/record_batch.h"
#include "normalize/schema.h"

namespace aq {

struct LoadCounts {
  uint64_t inserted = 0;    // rows new to the target
  uint64_t duplicates = 0;  // rows whose natural key the target (or this run) already had
};

// What a target already holds, asked once per run (Sink::Prepare).
struct LoadPlan {
  // Paths of the objects the target's load ledger holds at the same version: a rerun skips them.
  std::set<std::string> loaded;
  // The target's existing columns that hold text. The run types them as strings, so every value
  // loads as written, as the rows already there were (a date-time is not rewritten in UTC, and no
  // offset column is added beside it).
  std::set<std::string> text_columns;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string Describe() const = 0;
  // Connects and opens the run's transaction or staging area.
  virtual Status Begin() = 0;
  // Loads the rows of `batch` not marked in `skip_row`, under the schema as known so far
  // (columns whose type is still null are skipped: all their values so far were null).
  virtual Status Write(const Schema& schema, const RecordBatch& batch,
                       const std::vector<bool>& skip_row) = 0;
  // Makes the run visible atomically; `schema` is final.
  virtual Result<LoadCounts> Commit(const Schema& schema) = 0;
  // Discards everything written since Begin. Safe to call at any point, and more than once.
  virtual void Abort() = 0;

  // After Begin, once, with every object the run could read: what the target already holds.
  // The run then reads exactly the objects not in LoadPlan::loaded, in the given order
  // (BatchOrigin::object indexes that list), and a sink with a load ledger records those in
  // Commit, in the same transaction as the rows.
  virtual Result<LoadPlan> Prepare(const std::vector<ObjectInfo>& /*objects*/) {
    return LoadPlan{};
  }
};

}  // namespace aq
