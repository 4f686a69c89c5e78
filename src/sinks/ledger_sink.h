// LedgerSink: what the warehouse sinks with a load ledger (PostgreSQL,
// Snowflake) share. Prepare asks the ledger which objects to skip and the
// target which columns hold text, and keeps the objects the run reads; Write
// counts each object's rows; Commit turns both into ledger entries. Each sink
// keeps only how its warehouse stores the ledger and reads its catalog.
//
// Thread safety: driven by the writer thread only, like every sink.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "io/filesystem.h"
#include "sinks/sink.h"

namespace aq {

// One ledger row: a source object and the rows this run read from it (before deduplication).
struct LedgerEntry {
  std::string source_path;
  std::string source_version;
  uint64_t rows = 0;
};

class LedgerSink : public Sink {
 public:
  Result<LoadPlan> Prepare(const std::vector<ObjectInfo>& objects) final;

 protected:
  // After Begin: the paths of `objects` the ledger records as loaded at their current version.
  virtual Result<std::set<std::string>> LoadedObjects(const std::vector<ObjectInfo>& objects) = 0;
  // After Begin: the target's existing columns that hold text.
  virtual Result<std::set<std::string>> TextColumns() = 0;

  // Write staged one row of the object BatchOrigin::object names.
  void CountRow(size_t object) {
    if (object >= rows_per_object_.size()) rows_per_object_.resize(object + 1, 0);
    ++rows_per_object_[object];
  }
  // The objects this run reads, each with its rows, for Commit to record.
  std::vector<LedgerEntry> LedgerEntries() const;

 private:
  std::vector<ObjectInfo> objects_;  // indexed like BatchOrigin::object
  std::vector<uint64_t> rows_per_object_;
};

}  // namespace aq
