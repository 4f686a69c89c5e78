#include "pipeline/batch_loader.h"

#include <algorithm>
#include <utility>

#include "normalize/naming.h"

namespace aq {
namespace {

// A --key column no input record has (a typo, the JSON spelling locationId) would quarantine every
// record and load nothing; it is a usage error instead, raised before anything is written.
// `registry` holds every path the readers have met so far, rejected records' included.
Status CheckKeyNamesColumns(const ColumnRegistry& registry) {
  std::vector<std::string> names;
  std::vector<std::string> hints;
  for (const std::string& key : registry.key_columns()) {
    bool found = false;
    std::string hint;
    names.clear();
    for (uint32_t id = 0; id < registry.size(); ++id) {
      PathInfo path = registry.Get(id);
      if (path.base_name == key) found = true;
      if (path.dotted_path == key || (path.parent == kRootPath && path.key == key) ||
          (SnakeCase(key) == path.base_name && !path.has_children)) {
        hint = key + " is loaded as " + path.base_name;
      }
      if (!path.has_children &&
          std::find(names.begin(), names.end(), path.base_name) == names.end())
        names.push_back(path.base_name);
    }
    if (found) continue;
    std::string list;
    for (size_t i = 0; i < names.size() && i < 40; ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > 40) list += ", ... (" + std::to_string(names.size()) + " in all)";
    std::string message = "--key names " + key + ", which is no column of the input";
    if (!hint.empty()) message += " (" + hint + ")";
    message += "; the columns are: " + list + ". Nothing was loaded";
    return InvalidArgument(message);
  }
  return Status::Ok();
}

}  // namespace

Status BatchLoader::Consume(const RecordBatch& batch, RunStats* stats) {
  // Checked once the readers have met a column, before this batch is loaded or quarantined.
  if (!key_checked_ && registry_.size() > 0) {
    key_checked_ = true;
    AQ_RETURN_IF_ERROR(CheckKeyNamesColumns(registry_));
  }
  ObjectPosition& pos = positions_[batch.origin.object];
  if (batch.origin.chunk == 0) {
    pos.unit_line_base = pos.lines;
    pos.unit_record_base = pos.records;
  }
  std::vector<RowReject> row_rejects;
  std::vector<std::string> notes = batch.notes;
  schema_.Apply(batch, &row_rejects, &notes);
  // A record can fail more than one check; quarantine it once, with the first reason.
  std::stable_sort(row_rejects.begin(), row_rejects.end(),
                   [](const RowReject& a, const RowReject& b) { return a.row < b.row; });
  row_rejects.erase(
      std::unique(row_rejects.begin(), row_rejects.end(),
                  [](const RowReject& a, const RowReject& b) { return a.row == b.row; }),
      row_rejects.end());
  for (const auto& note : notes) {
    if (callbacks_.note) callbacks_.note(note);
  }
  if (may_reread_ && !rereading_ && schema_.retyped_loaded_rows()) {
    // Rows already loaded hold that column's earlier values converted (a timestamp in UTC, a
    // number re-spelled), or text its final timestamp type quarantines. Drop them and only learn
    // the final types from here on; the input is then read again with those types, so every
    // value loads by the type all the data gives its column.
    rereading_ = true;
    sink_.Abort();
  }
  if (rereading_) {
    stats->records_read += batch.records_seen;
    stats->bytes += batch.bytes_consumed;
    return Status::Ok();
  }
  std::vector<bool> skip(batch.num_rows(), false);
  for (const auto& reject : row_rejects) skip[reject.row] = true;
  AQ_RETURN_IF_ERROR(sink_.Write(schema_.schema(), batch, skip));

  // Quarantine in source order: parse rejects and timestamp rejects interleave by record index.
  std::vector<std::pair<const RecordRef*, const std::string*>> rejects;
  for (const auto& reject : batch.rejects) rejects.emplace_back(&reject.ref, &reject.reason);
  for (const auto& reject : row_rejects)
    rejects.emplace_back(&batch.rows[reject.row], &reject.reason);
  std::sort(rejects.begin(), rejects.end(),
            [](const auto& a, const auto& b) { return a.first->index < b.first->index; });
  const std::string& source = objects_[batch.origin.object].info.path;
  for (const auto& [ref, reason] : rejects)
    AQ_RETURN_IF_ERROR(QuarantineRecord(source, pos, *ref, *reason));
  pos.lines += batch.lines_consumed;
  pos.records += batch.records_seen;
  stats->records_read += batch.records_seen;
  stats->bytes += batch.bytes_consumed;
  stats->quarantined = quarantine_.count();
  return CheckBadRecordCount(*stats);
}

Status BatchLoader::CheckBadRecordCount(const RunStats& stats) const {
  const BadRecordLimit& limit = options_.max_bad_records;
  if (!limit.set) return Status::Ok();
  bool over = limit.is_fraction ? stats.records_read > 0 &&
                                      static_cast<double>(stats.quarantined) >
                                          limit.value * static_cast<double>(stats.records_read)
                                : static_cast<double>(stats.quarantined) > limit.value;
  if (!over || (limit.is_fraction && !finished_)) return Status::Ok();
  std::string allowed = limit.is_fraction
                            ? std::to_string(limit.value * 100) + "% of records"
                            : std::to_string(static_cast<uint64_t>(limit.value)) + " records";
  return DataError(std::to_string(stats.quarantined) + " bad records out of " +
                   std::to_string(stats.records_read) +
                   " read, more than --max-bad-records allows (" + allowed +
                   "); nothing was loaded. See the rejects file for each record and its reason");
}

Status BatchLoader::QuarantineRecord(const std::string& source, const ObjectPosition& pos,
                                     const RecordRef& ref, const std::string& reason) {
  return quarantine_.Add({source, pos.unit_line_base + ref.line + 1,
                          pos.unit_record_base + ref.index + 1, reason, ref.raw});
}

}  // namespace aq
