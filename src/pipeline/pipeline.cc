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
#include "normalize/schema.h"
#include "pipeline/batch_loader.h"
#include "pipeline/ordered_queue.h"
#include "pipeline/planner.h"
#include "pipeline/progress.h"
#include "pipeline/shard.h"
#include "pipeline/unit_reader.h"

namespace aq {

std::string NewRunId() {
  std::string stamp = FormatUtcTime(std::time(nullptr), "%Y%m%dT%H%M%SZ");
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random() & 0xffff);
  return std::string(stamp) + "-" + suffix;
}

namespace {

using Clock = std::chrono::steady_clock;

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
  BatchLoader loader(options, objects, columns, std::move(seeds), may_reread, sink, quarantine,
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
    status = loader.Consume(*batch, &stats);
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

  if (status.ok() && loader.rereading()) {
    // The sink was aborted; the quarantine file is dropped unpublished with `quarantine`.
    pass.reread = true;
    pass.final_types = loader.TypesSoFar();
    return pass;
  }
  if (status.ok()) {
    loader.Finish();
    status = loader.CheckBadRecordCount(stats);
  }
  if (status.ok()) {
    auto counts = sink.Commit(loader.schema());
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
  pass.result.schema = loader.schema();
  return pass;
}

// The objects of this run's shard, in the order they were resolved.
std::vector<SourceObject> OwnShare(std::vector<SourceObject> objects, const RunOptions& options) {
  std::vector<ObjectInfo> infos;
  infos.reserve(objects.size());
  for (const auto& object : objects) infos.push_back(object.info);
  std::set<std::string> mine;
  for (ObjectInfo& info : ShardShare(std::move(infos), {options.shard_index, options.shard_count}))
    mine.insert(std::move(info.path));
  std::erase_if(objects, [&](const SourceObject& object) { return !mine.count(object.info.path); });
  return objects;
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
  const size_t resolved = objects.size();
  if (options.shard_count > 1) objects = OwnShare(std::move(objects), options);
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
  pass.result.stats.objects_other_shards = resolved - objects.size();
  pass.result.stats.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  pass.result.target = sink->Describe();
  return std::move(pass.result);
}

}  // namespace aq
