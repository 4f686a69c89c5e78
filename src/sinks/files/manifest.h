// manifest.json: the commit marker and table of contents of a files output.
//
// It is written last, after every part is complete, so its presence is what
// makes a run visible: readers must load exactly the parts it lists (other
// part-* files are leftovers of failed or superseded runs). It also carries
// what a loader needs to create the table: column names, types, the natural
// key, and each part's own column list (a part's header may list fewer
// columns than the final schema; see docs/files-output.md). A run that wrote
// alone (a shard of a scale-out run, docs/scale-out.md) also lists the source
// objects it read, in the order their rows follow one another through the
// parts, so that `aqpipe load` can keep a warehouse's load ledger.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "normalize/schema.h"

namespace aq {

struct ManifestColumn {
  std::string name;
  std::string type;  // TypeName(): bigint, double, boolean, string, timestamp, json
  std::string source_path;
  bool key = false;
};

struct ManifestPart {
  std::string path;  // relative to the output location
  uint64_t rows = 0;
  uint64_t bytes = 0;  // compressed size
  std::vector<std::string> columns;
};

// A source object the run read, and how many of the parts' rows came from it.
struct ManifestSource {
  std::string path;
  std::string version;
  uint64_t size = 0;
  uint64_t rows = 0;
  bool operator==(const ManifestSource&) const = default;
};

struct Manifest {
  std::string compression;  // "gzip" or "zstd"
  std::string run_id;
  std::vector<ManifestColumn> columns;
  std::vector<std::string> key;
  uint64_t rows = 0;
  std::vector<ManifestPart> parts;
  std::vector<ManifestSource> sources;  // empty: not recorded (written with "sources" only if set)
};

// Fills columns and key from `schema`'s live columns (dropped and untyped ones are skipped).
void SetManifestColumns(const Schema& schema, Manifest* manifest);

// One JSON object, one column or part per line for people reading it.
std::string ManifestToJson(const Manifest& manifest);

// The whole manifest back from its text; CorruptInput naming what is wrong otherwise.
Result<Manifest> ParseManifest(std::string_view json);

// The "path" of every entry of "parts" in manifest text; CorruptInput if it is not a manifest.
Result<std::vector<std::string>> ManifestPartPaths(std::string_view json);

}  // namespace aq
