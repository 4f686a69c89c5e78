#include "sinks/ledger_sink.h"

namespace aq {

Result<LoadPlan> LedgerSink::Prepare(const std::vector<ObjectInfo>& objects) {
  LoadPlan plan;
  // Standard input has no identity across runs (the next run's is other data): never in the
  // ledger, so never skipped and never recorded.
  std::vector<ObjectInfo> files;
  for (const ObjectInfo& object : objects) {
    if (!object.stream) files.push_back(object);
  }
  AQ_ASSIGN_OR_RETURN(plan.loaded, LoadedObjects(files));
  AQ_ASSIGN_OR_RETURN(plan.text_columns, TextColumns());
  objects_.clear();
  for (const ObjectInfo& object : objects) {
    if (!plan.loaded.count(object.path)) objects_.push_back(object);
  }
  return plan;
}

std::vector<LedgerEntry> LedgerSink::LedgerEntries() const {
  std::vector<LedgerEntry> entries;
  entries.reserve(objects_.size());
  for (size_t i = 0; i < objects_.size(); ++i) {
    if (objects_[i].stream) continue;
    uint64_t rows = i < rows_per_object_.size() ? rows_per_object_[i] : 0;
    entries.push_back({objects_[i].path, objects_[i].version, rows});
  }
  return entries;
}

}  // namespace aq
