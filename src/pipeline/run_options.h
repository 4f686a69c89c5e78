// Options and results of one pipeline run, as plain structs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "normalize/max_depth.h"
#include "normalize/schema.h"

namespace aq {

inline const std::vector<std::string>& OpenAqNaturalKey() {
  static const std::vector<std::string> key = {"location_id", "parameter", "date_utc"};
  return key;
}

// --max-bad-records: a count ("100") or a share of the records read ("0.01"); unlimited by default.
struct BadRecordLimit {
  bool set = false;
  bool is_fraction = false;
  double value = 0;
};

struct RunOptions {
  std::vector<std::string> sources;
  std::vector<std::string> key_columns = OpenAqNaturalKey();
  int threads = 0;               // 0: one per core
  size_t chunk_bytes = 4 << 20;  // input per batch
  uint64_t split_bytes =
      64ull << 20;  // uncompressed JSON Lines files larger than this are read in parallel ranges
  size_t max_record_bytes = 64 << 20;
  int max_depth = kDefaultMaxDepth;  // levels of object nesting; deeper records are quarantined
  std::string rejects_dir = "aqpipe-rejects";
  // The run fails (kDataError) rather than let the rejects file grow past this: input that is
  // mostly not JSON would otherwise fill the disk with quarantined garbage.
  uint64_t max_rejects_bytes = 256ull << 20;
  std::string run_id;  // names the rejects file (and the sinks' files); NewRunId() when empty
  BadRecordLimit max_bad_records;
  // Scale-out (docs/scale-out.md): read only share `shard_index` of `shard_count` of the resolved
  // source objects (pipeline/shard.h ShardShare). 1 shard: everything.
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
};

// Where a pass over the input stands. Files count as files, however many byte ranges they are
// read in; bytes of the input as stored (compressed) give the share done.
struct Progress {
  uint64_t bytes = 0;  // decoded input bytes
  uint64_t records = 0;
  uint64_t objects_done = 0;  // files read to their end
  uint64_t objects_total = 0;
  uint64_t input_bytes_read = 0;   // fetched from the sources so far, as stored
  uint64_t input_bytes_total = 0;  // the files' listed sizes; 0 when unknown (standard input)
  double seconds = 0;              // since the pass began
};

struct RunCallbacks {
  std::function<void(const std::string&)> note;   // schema changes, warnings
  std::function<void(const Progress&)> progress;  // called about twice a second
};

struct RunStats {
  uint64_t objects = 0;
  uint64_t objects_other_shards = 0;  // resolved, but other shards' share
  uint64_t objects_skipped = 0;       // already in the target's load ledger
  uint64_t bytes = 0;                 // decoded input bytes
  uint64_t records_read = 0;
  uint64_t loaded = 0;      // new rows in the target
  uint64_t duplicates = 0;  // skipped: natural key already present
  uint64_t quarantined = 0;
  std::string rejects_path;  // empty when nothing was quarantined
  double seconds = 0;
};

struct RunResult {
  RunStats stats;
  Schema schema;
  std::string target;  // the sink's Describe() after the run (it may name how it loaded)
};

}  // namespace aq
