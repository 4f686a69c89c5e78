#include "stage/run_stage.h"

#include <map>
#include <set>

#include "sinks/files/sink.h"

namespace aq {
namespace {

constexpr char kManifestName[] = "manifest.json";

Type TypeFromName(const std::string& name) {
  for (Type type :
       {Type::kBool, Type::kInt64, Type::kDouble, Type::kString, Type::kTimestamp, Type::kJson}) {
    if (name == TypeName(type)) return type;
  }
  return Type::kNull;
}

std::string ShardName(const ShardSpec& shard) {
  return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count);
}

std::string WithSlash(std::string path) {
  if (!path.empty() && path.back() != '/') path += '/';
  return path;
}

// What a listed object is to the stage: the shard folder it sits in directly, and its name.
struct StageEntry {
  ShardSpec shard;
  std::string name;
};

std::optional<StageEntry> EntryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  const size_t folder_start = path.rfind('/', slash - 1);
  const size_t begin = folder_start == std::string::npos ? 0 : folder_start + 1;
  std::optional<ShardSpec> shard = ParseShardFolder(path.substr(begin, slash - begin));
  if (!shard) return std::nullopt;
  return StageEntry{*shard, path.substr(slash + 1)};
}

}  // namespace

Result<UnifiedSchema> UnifyManifests(const std::vector<StagedShard>& shards) {
  UnifiedSchema unified;
  std::map<std::string, size_t> index_of;
  std::map<std::string, std::vector<std::string>> types_by_shard;  // for messages
  bool key_set = false;
  std::string key_from;
  for (const StagedShard& staged : shards) {
    const Manifest& manifest = staged.manifest;
    const std::string shard = ShardName(staged.shard);
    if (!manifest.columns.empty()) {
      if (key_set && manifest.key != unified.key) {
        std::string message = shard;
        message += " was run with another natural key than ";
        message += key_from;
        message += " (--key or --no-dedup differ): rerun the shards with the same options";
        return DataError(message);
      }
      if (!key_set) {
        unified.key = manifest.key;
        key_set = true;
        key_from = shard;
      }
    }
    std::set<std::string> with_values;
    for (const ManifestPart& part : manifest.parts) {
      with_values.insert(part.columns.begin(), part.columns.end());
    }
    for (const ManifestColumn& column : manifest.columns) {
      const Type type = with_values.count(column.name) ? TypeFromName(column.type) : Type::kNull;
      if (type == Type::kNull && with_values.count(column.name)) {
        return CorruptInput(staged.folder + kManifestName + ": column " + column.name +
                            " has unknown type '" + column.type + "'");
      }
      auto [it, added] = index_of.emplace(column.name, unified.columns.size());
      if (added)
        unified.columns.push_back({column.name, column.source_path, Type::kNull, column.key});
      StagedColumn& merged = unified.columns[it->second];
      if (merged.source_path != column.source_path) {
        return DataError("column " + column.name + " comes from JSON path " + merged.source_path +
                         " in one shard and " + column.source_path + " in " + shard +
                         ": the shards named their columns differently, so their tables cannot "
                         "be unified; run unsharded (or with fewer shards)");
      }
      if (type == Type::kNull) continue;
      types_by_shard[column.name].push_back(std::string(TypeName(type)) + " in " + shard);
      const Type widened = Widen(merged.type, type);
      const bool loses_timestamp = (merged.type == Type::kTimestamp || type == Type::kTimestamp) &&
                                   widened != Type::kTimestamp;
      if (loses_timestamp) {
        std::string seen;
        for (const std::string& each : types_by_shard[column.name]) {
          seen += (seen.empty() ? "" : ", ") + each;
        }
        return DataError("column " + column.name + " is " + seen +
                         ": the timestamp values were staged in UTC, not as written, so they "
                         "cannot become text without loss. Nothing was loaded; run unsharded so "
                         "that the column loads as text");
      }
      merged.type = widened;
    }
  }
  // As in one run: a column that only ever held nulls is a string column.
  for (StagedColumn& column : unified.columns) {
    if (column.type == Type::kNull) column.type = Type::kString;
  }
  return unified;
}

Result<StagedRun> ReadRunStage(const std::string& stage, FileSystemRegistry& registry) {
  StagedRun run;
  run.stage = WithSlash(stage);
  AQ_ASSIGN_OR_RETURN(run.fs, registry.For(run.stage));
  Result<std::vector<ObjectInfo>> listed = run.fs->List(run.stage);
  if (!listed.ok() && listed.status().code() != StatusCode::kNotFound) {
    return listed.status().WithContext("listing the run stage " + run.stage);
  }
  // Every shard folder seen (a folder with only parts is a shard that did not finish).
  std::map<std::pair<uint32_t, uint32_t>, std::map<std::string, ObjectInfo>> folders;
  std::set<uint32_t> counts;
  if (listed.ok()) {
    for (const ObjectInfo& object : *listed) {
      std::optional<StageEntry> entry = EntryOf(object.path);
      if (!entry) continue;
      folders[{entry->shard.count, entry->shard.index}][entry->name] = object;
      counts.insert(entry->shard.count);
    }
  }
  if (counts.empty()) {
    return NotFound("the run stage " + run.stage +
                    " holds no shard-I-of-N/ folder: run the shards first (aqpipe run --source "
                    "... --run-stage " +
                    stage + " --shard I/N)");
  }
  if (counts.size() > 1) {
    std::string list;
    for (uint32_t count : counts) list += (list.empty() ? "" : ", ") + std::to_string(count);
    return FailedPrecondition("the run stage " + run.stage + " holds shards of runs split " + list +
                              " ways: delete the folders of the old split (shard-*-of-<old N>/) "
                              "and load again");
  }
  const uint32_t count = *counts.begin();
  std::vector<std::string> missing;
  for (uint32_t index = 0; index < count; ++index) {
    const ShardSpec shard{index, count};
    StagedShard staged{shard, ShardPrefix(run.stage, shard), {}, {}};
    auto folder = folders.find({count, index});
    if (folder == folders.end() || !folder->second.count(kManifestName)) {
      // Nothing tells a shard never started from one killed before its first part was complete.
      missing.push_back(ShardName(shard) +
                        " (no manifest.json: not run, failed, killed, or still running)");
      continue;
    }
    AQ_ASSIGN_OR_RETURN(std::string text, ReadAll(*run.fs, staged.folder + kManifestName));
    Result<Manifest> manifest = ParseManifest(text);
    if (!manifest.ok()) return manifest.status().WithContext(staged.folder + kManifestName);
    staged.manifest = std::move(manifest).value();
    uint64_t source_rows = 0;
    for (const ManifestSource& source : staged.manifest.sources) source_rows += source.rows;
    if (source_rows != staged.manifest.rows) {
      // Without its sources, load could not keep the ledger; a plain --output folder has none.
      return CorruptInput(staged.folder + kManifestName + " lists " +
                          std::to_string(staged.manifest.rows) + " rows but " +
                          std::to_string(source_rows) +
                          " from its sources: it was not written by `aqpipe run --run-stage`");
    }
    for (const ManifestPart& part : staged.manifest.parts) {
      auto listed_part = folder->second.find(part.path);
      if (listed_part == folder->second.end()) {
        missing.push_back(ShardName(shard) + " (its manifest lists " + part.path +
                          ", which is not there)");
        break;
      }
      staged.parts.push_back(listed_part->second);
    }
    run.shards.push_back(std::move(staged));
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& each : missing) list += (list.empty() ? "" : ", ") + each;
    return FailedPrecondition("the run stage " + run.stage + " is not complete: " + list +
                              ". Nothing was loaded; (re)run those shards, then load again");
  }
  // Shards that listed the source at different times (files added or removed meanwhile) may
  // each have read the same file: its rows would be loaded twice and recorded twice.
  std::map<std::string, const StagedShard*> reader_of;
  for (const StagedShard& staged : run.shards) {
    for (const ManifestSource& source : staged.manifest.sources) {
      auto [it, added] = reader_of.emplace(source.path, &staged);
      if (added) continue;
      return FailedPrecondition(
          "the run stage " + run.stage + " is not one split: " + ShardName(it->second->shard) +
          " and " + ShardName(staged.shard) + " both read " + source.path +
          " (the source changed between their runs). Nothing was loaded; rerun every shard, "
          "then load again");
    }
  }
  AQ_ASSIGN_OR_RETURN(run.schema, UnifyManifests(run.shards));
  return run;
}

std::unique_ptr<Sink> MakeShardSink(const std::string& stage, const ShardSpec& shard,
                                    FileSystemRegistry* registry, const std::string& run_id) {
  FilesSinkOptions options;
  options.location = ShardPrefix(stage, shard);
  options.registry = registry;
  options.run_id = run_id;
  return std::make_unique<FilesSink>(std::move(options));
}

}  // namespace aq
