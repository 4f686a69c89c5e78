// A run stage (docs/scale-out.md): the folder or s3:// prefix a sharded run writes to, one
// `shard-<I>-of-<N>/` folder per shard, each a files-sink output (docs/files-output.md) whose
// manifest.json, written last, says the shard finished.
//
// ReadRunStage finds every shard, refuses a stage that is not complete (a shard without a
// manifest, a manifest naming a part that is not there, folders of different shard counts) with
// a message naming the shards, and unifies the shards' schemas (UnifyManifests) into the one
// table `aqpipe load` writes. Nothing is written.
//
// Thread safety: pure functions apart from the reads through the registry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/registry.h"
#include "normalize/types.h"
#include "pipeline/shard.h"
#include "sinks/files/manifest.h"
#include "sinks/sink.h"

namespace aq {

struct StagedShard {
  ShardSpec shard;
  std::string folder;  // "<stage>/shard-I-of-N/"
  Manifest manifest;
  std::vector<ObjectInfo> parts;  // the manifest's parts as listed in the stage, in its order
};

struct StagedColumn {
  std::string name;
  std::string source_path;
  Type type = Type::kNull;
  bool key = false;
};

// The shards' schemas as one: columns in order of first appearance (shard 0 first), each typed
// by widening its types in every shard that has values for it.
struct UnifiedSchema {
  std::vector<StagedColumn> columns;
  std::vector<std::string> key;
};

struct StagedRun {
  std::string stage;
  FileSystem* fs = nullptr;
  std::vector<StagedShard> shards;  // by index, all N of them
  UnifiedSchema schema;
};

// Unifies the manifests' columns with normalize's widening rules (types.h Widen). A column a
// shard lists but none of its parts holds only held nulls there and does not type it. Refused
// (DataError, naming the column and shards): a timestamp column that would widen to text (its
// staged values are in UTC, not as written), the same name from two JSON paths, and shards
// whose natural keys differ.
Result<UnifiedSchema> UnifyManifests(const std::vector<StagedShard>& shards);

// Reads the stage: FailedPrecondition naming the missing or incomplete shards (or two shards
// that read the same source object), NotFound when the stage holds no shard folder,
// CorruptInput for an unreadable manifest.
Result<StagedRun> ReadRunStage(const std::string& stage, FileSystemRegistry& registry);

// The sink a shard of a run writes with: the files sink at ShardPrefix(stage, shard).
std::unique_ptr<Sink> MakeShardSink(const std::string& stage, const ShardSpec& shard,
                                    FileSystemRegistry* registry, const std::string& run_id);

}  // namespace aq
