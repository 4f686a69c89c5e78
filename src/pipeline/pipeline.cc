#include "pipeline/pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "common/text_format.h"
#include "normalize/naming.h"
#include "normalize/schema.h"
#include "pipeline/ordered_queue.h"
#include "pipeline/planner.h"
#include "pipeline/progress.h"
#include "pipeline/quarantine.h"
#include "pipeline/unit_reader.h"

namespace aq {
namespace {

using Clock = std::chrono::steady_clock;

// Per input object: running line and record counts, so that records of later ranges and chunks
// get their absolute line numbers in the quarantine.
struct ObjectPosition {
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t unit_line_base = 0;
  uint64_t unit_record_base = 0;
};

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
    return InvalidArgument("--key names " + key + ", which is no column of the input" +
                           (hint.empty() ? "" : " (" + hint + ")") + "; the columns are: " + list +
                           ". Nothing was loaded");
  }
  return Status::Ok();
}

class Writer {
 public:
  Writer(const RunOptions& options, const std::vector<SourceObject>& objects,
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

  Status Consume(const RecordBatch& batch, RunStats* stats) {
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
      AQ_RETURN_IF_ERROR(Quarantine(source, pos, *ref, *reason));
    pos.lines += batch.lines_consumed;
    pos.records += batch.records_seen;
    stats->records_read += batch.records_seen;
    stats->bytes += batch.bytes_consumed;
    stats->quarantined = quarantine_.count();
    return CheckBadRecordCount(*stats);
  }

  Status CheckBadRecordCount(const RunStats& stats) const {
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

  void Finish() {
    finished_ = true;
    schema_.Finish();
  }
  const Schema& schema() const { return schema_.schema(); }
  // Whether this pass stopped loading to read the input again (see Consume).
  bool rereading() const { return rereading_; }
  TypeSeeds TypesSoFar() const { return schema_.TypesSoFar(); }

 private:
  Status Quarantine(const std::string& source, const ObjectPosition& pos, const RecordRef& ref,
                    const std::string& reason) {
    return quarantine_.Add({source, pos.unit_line_base + ref.line + 1,
                            pos.unit_record_base + ref.index + 1, reason, ref.raw});
  }

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

}  // namespace

std::string NewRunId() {
  std::string stamp = FormatUtcTime(std::time(nullptr), "%Y%m%dT%H%M%SZ");
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random() & 0xffff);
  return std::string(stamp) + "-" + suffix;
}

namespace {

// One pass over the input into `sink`. With `may_reread`, a pass whose schema changes in a way that
// rewrites rows it already loaded stops loading and returns reread = true with the final types.
struct Pass {
  RunResult result;
  bool reread = false;
  TypeSeeds final_types;
};

Result<Pass> RunPass(const RunOptions& options, FileSystemRegistry& registry, Sink& sink,
                     const std::vector<SourceObject>& all_objects, TypeSeeds seeds, bool may_reread,
                     const RunCallbacks& callbacks) {
  AQ_RETURN_IF_ERROR(sink.Begin());
  // Objects the target's load ledger already holds at the same version are skipped; columns the
  // target already holds as text load every value as written.
  std::vector<SourceObject> objects;
  Status prepared = [&]() -> Status {
    std::vector<ObjectInfo> infos;
    infos.reserve(all_objects.size());
    for (const auto& object : all_objects) infos.push_back(object.info);
    AQ_ASSIGN_OR_RETURN(LoadPlan plan, sink.Prepare(infos));
    for (const auto& object : all_objects) {
      if (!plan.loaded.count(object.info.path)) objects.push_back(object);
    }
    for (const auto& name : plan.text_columns) seeds[name] = Type::kString;
    return Status::Ok();
  }();
  auto units_or = prepared.ok() ? PlanWorkUnits(objects, options.split_bytes)
                                : Result<std::vector<WorkUnit>>(prepared);
  if (!units_or.ok()) {
    sink.Abort();
    return units_or.status();
  }
  std::vector<WorkUnit> units = std::move(units_or).value();

  // Progress: files count once however many ranges they are read in; the bytes every reader
  // fetches, against the files' listed sizes, give the share done.
  std::vector<uint32_t> units_left(objects.size(), 0);
  for (const auto& unit : units) ++units_left[unit.object];
  Progress progress;
  progress.objects_total = objects.size();
  std::atomic<uint64_t> input_bytes_read{0};
  std::map<FileSystem*, std::unique_ptr<CountingFileSystem>> counting;
  for (auto& object : objects) {
    progress.input_bytes_total += object.info.size;
    auto& wrapper = counting[object.fs];
    if (!wrapper) wrapper = std::make_unique<CountingFileSystem>(object.fs, &input_bytes_read);
    object.fs = wrapper.get();
  }
  for (const auto& object : objects) {
    if (object.info.stream) progress.input_bytes_total = 0;  // the total size is unknown
  }

  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::min<int>(std::max(threads, 1), static_cast<int>(units.size()));
  ColumnRegistry columns(options.key_columns);
  OrderedQueue queue(static_cast<size_t>(threads) * 2 + 2);
  std::atomic<size_t> next_unit{0};

  std::vector<std::thread> readers;
  readers.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    readers.emplace_back([&] {
      UnitReader reader(&columns, options);
      for (size_t u = next_unit++; u < units.size(); u = next_unit++) {
        const WorkUnit& unit = units[u];
        Status st = reader.Read(
            objects[unit.object], unit, u,
            [&](std::unique_ptr<RecordBatch> batch) { return queue.Push(std::move(batch)); });
        if (!st.ok()) {
          queue.Cancel(st);
          return;
        }
      }
    });
  }
  auto join = [&] {
    for (auto& thread : readers) {
      if (thread.joinable()) thread.join();
    }
  };

  Quarantine quarantine(&registry, options.rejects_dir,
                        options.run_id.empty() ? NewRunId() : options.run_id,
                        options.max_rejects_bytes);
  Writer writer(options, objects, columns, std::move(seeds), may_reread, sink, quarantine,
                callbacks);
  Pass pass;
  RunStats& stats = pass.result.stats;
  stats.objects = objects.size();
  stats.objects_skipped = all_objects.size() - objects.size();

  Status status;
  const auto pass_started = Clock::now();
  auto last_progress = pass_started;
  while (status.ok()) {
    std::unique_ptr<RecordBatch> batch = queue.Pop(units.size());
    if (!batch) {
      status = queue.error();
      break;
    }
    status = writer.Consume(*batch, &stats);
    if (batch->origin.last_in_unit && --units_left[batch->origin.object] == 0) {
      ++progress.objects_done;
    }
    if (callbacks.progress && Clock::now() - last_progress > std::chrono::milliseconds(500)) {
      last_progress = Clock::now();
      progress.bytes = stats.bytes;
      progress.records = stats.records_read;
      progress.input_bytes_read = input_bytes_read.load(std::memory_order_relaxed);
      progress.seconds = std::chrono::duration<double>(last_progress - pass_started).count();
      callbacks.progress(progress);
    }
  }
  if (!status.ok()) queue.Cancel(status);
  join();

  if (status.ok() && writer.rereading()) {
    // The sink was aborted; the quarantine file is dropped unpublished with `quarantine`.
    pass.reread = true;
    pass.final_types = writer.TypesSoFar();
    return pass;
  }
  if (status.ok()) {
    writer.Finish();
    status = writer.CheckBadRecordCount(stats);
  }
  if (status.ok()) {
    auto counts = sink.Commit(writer.schema());
    if (counts.ok()) {
      stats.loaded = counts->inserted;
      stats.duplicates = counts->duplicates;
    } else {
      status = counts.status();
    }
  }
  if (!status.ok()) sink.Abort();
  // The rejects file is published even when the run fails: it explains the failure.
  auto rejects = quarantine.Close();
  if (!rejects.ok() && status.ok()) status = rejects.status();
  if (rejects.ok()) stats.rejects_path = *rejects;
  if (!status.ok()) {
    if (!stats.rejects_path.empty()) {
      return Status(status.code(), status.message() + " (records quarantined before the failure: " +
                                       stats.rejects_path + ")");
    }
    return status;
  }
  pass.result.schema = writer.schema();
  return pass;
}

}  // namespace

Result<RunResult> RunPipeline(const RunOptions& options, FileSystemRegistry& registry,
                              const SinkFactory& make_sink, const RunCallbacks& callbacks) {
  auto started = Clock::now();
  std::vector<std::string> source_notes;
  AQ_ASSIGN_OR_RETURN(std::vector<SourceObject> objects,
                      ResolveSources(options.sources, registry, &source_notes));
  for (const auto& note : source_notes) {
    if (callbacks.note) callbacks.note(note);
  }
  AQ_ASSIGN_OR_RETURN(std::unique_ptr<Sink> sink, make_sink());
  AQ_ASSIGN_OR_RETURN(
      Pass pass, RunPass(options, registry, *sink, objects, {}, /*may_reread=*/true, callbacks));
  if (pass.reread) {
    if (callbacks.note) {
      callbacks.note(
          "a column changed type after rows were loaded (see above); reading the input again so "
          "that every value loads by its column's final type");
    }
    AQ_ASSIGN_OR_RETURN(sink, make_sink());
    RunCallbacks quiet = callbacks;  // the first pass already gave every note
    quiet.note = nullptr;
    AQ_ASSIGN_OR_RETURN(pass,
                        RunPass(options, registry, *sink, objects, std::move(pass.final_types),
                                /*may_reread=*/false, quiet));
  }
  pass.result.stats.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  pass.result.target = sink->Describe();
  return std::move(pass.result);
}

}  // namespace aq
