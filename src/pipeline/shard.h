// Scale-out shards (docs/scale-out.md): which share of the source one process of an array job
// reads, and where it writes it.
//
// A shard is `I/N` (0 <= I < N). Given the same listing, every process computes the same
// assignment, so the shards are disjoint and together cover every object exactly once.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "io/filesystem.h"

namespace aq {

struct ShardSpec {
  uint32_t index = 0;
  uint32_t count = 1;
  bool operator==(const ShardSpec&) const = default;
};

// "I/N" as given to --shard; InvalidArgument (a usage error) naming what is wrong otherwise.
Result<ShardSpec> ParseShard(std::string_view text);

// The shard an array job's environment names, when --shard is not given: AWS Batch
// (AWS_BATCH_JOB_ARRAY_INDEX + AWS_BATCH_JOB_ARRAY_SIZE) first, then a Kubernetes indexed job
// (JOB_COMPLETION_INDEX + AQPIPE_SHARD_COUNT). nullopt when neither is set; InvalidArgument when
// one is half set or malformed. `getenv` is injected so tests need not touch the process.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
Result<std::optional<ShardSpec>> ShardFromEnvironment(const EnvLookup& getenv);

// The objects of `shard`, in listing order. Objects are sorted by path, then dealt greedily to
// the shard with the fewest bytes so far (ties: the lowest index): stable for a given listing,
// disjoint, and balanced by size. Whole files only (no byte ranges across shards).
std::vector<ObjectInfo> ShardShare(std::vector<ObjectInfo> objects, const ShardSpec& shard);

// The folder of one shard under a run's stage: "<stage>/shard-<I>-of-<N>/".
std::string ShardPrefix(std::string_view run_stage, const ShardSpec& shard);

// The inverse, for `aqpipe load`: "shard-3-of-4" (a trailing '/' allowed) -> {3, 4}.
std::optional<ShardSpec> ParseShardFolder(std::string_view name);

}  // namespace aq
