// BatchLoader: the run's single writer. It takes record batches in source order
// and, for each, widens the schema, checks the --key once columns are known,
// loads the good rows into the sink, quarantines the bad records with their
// absolute line numbers, and enforces --max-bad-records. When a type change
// would rewrite rows it already loaded, it aborts the sink and only learns
// types from then on (rereading()), so the run can read the input again.
//
// Thread safety: used by the writer thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "normalize/column_registry.h"
#include "normalize/record_batch.h"
#include "normalize/schema.h"
#include "pipeline/quarantine.h"
#include "pipeline/run_options.h"
#include "sinks/sink.h"
#include "sources/source.h"

namespace aq {

// Per input object: running line and record counts, so that records of later ranges and chunks
// get their absolute line numbers in the quarantine.
struct ObjectPosition {
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t unit_line_base = 0;
  uint64_t unit_record_base = 0;
};

class BatchLoader {
 public:
  BatchLoader(const RunOptions& options, const std::vector<SourceObject>& objects,
              const ColumnRegistry& registry, TypeSeeds seeds, bool may_reread, Sink& sink,
              Quarantine& quarantine, const RunCallbacks& callbacks)
      : options_(options),
        objects_(objects),
        positions_(objects.size()),
        registry_(registry),
        schema_(&registry, std::move(seeds)),
        may_reread_(may_reread),
        sink_(sink),
        quarantine_(quarantine),
        callbacks_(callbacks) {}

  // Loads the batch's good rows into the sink and quarantines its bad records, in source order.
  Status Consume(const RecordBatch& batch, RunStats* stats);

  // A data error once more records were quarantined than --max-bad-records allows (a share is
  // judged only after Finish, when every record is counted).
  Status CheckBadRecordCount(const RunStats& stats) const;

  void Finish() {
    finished_ = true;
    schema_.Finish();
  }
  const Schema& schema() const { return schema_.schema(); }
  // Whether this pass stopped loading to read the input again (see Consume).
  bool rereading() const { return rereading_; }
  TypeSeeds TypesSoFar() const { return schema_.TypesSoFar(); }

 private:
  Status QuarantineRecord(const std::string& source, const ObjectPosition& pos,
                          const RecordRef& ref, const std::string& reason);

  const RunOptions& options_;
  const std::vector<SourceObject>& objects_;
  std::vector<ObjectPosition> positions_;
  const ColumnRegistry& registry_;
  bool key_checked_ = false;
  SchemaBuilder schema_;
  bool may_reread_;
  bool rereading_ = false;
  Sink& sink_;
  aq::Quarantine& quarantine_;
  const RunCallbacks& callbacks_;
  bool finished_ = false;
};

}  // namespace aq
