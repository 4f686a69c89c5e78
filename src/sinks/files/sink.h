// FilesSink: writes the flattened rows as compressed CSV part files plus a
// manifest.json, to a local directory or (through FileSystem) an s3:// prefix,
// for warehouses to bulk-load (Snowflake COPY, PostgreSQL COPY, DuckDB...).
// The format and the commit protocol are documented in docs/files-output.md.
//
// A run is all-or-nothing without renames (S3 has none): parts are named
// part-<run_id>-NNNNN.csv.<gz|zst> and manifest.json, written last, is the
// commit marker listing them. Commit replaces the previous manifest and then
// deletes the previous run's parts; Abort deletes this run's parts. The sink
// does not deduplicate: it is a faithful copy of the accepted records.
//
// Thread safety: driven by the single writer thread (see sinks/sink.h).
// Ownership: borrows `registry`, which must outlive the sink.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/compression_pool.h"
#include "formats/compressor.h"
#include "io/registry.h"
#include "sinks/files/manifest.h"
#include "sinks/files/part_writer.h"
#include "sinks/sink.h"

namespace aq {

struct FilesSinkOptions {
  using Codec = FileCodec;
  std::string location;  // a directory, or an s3://bucket/prefix/
  FileSystemRegistry* registry = nullptr;
  Codec codec = Codec::kGzip;
  int level = -1;  // -1: the codec's default (gzip 6, zstd 3)
  // Compressed size at which a part is closed; Snowflake recommends 100-250 MB per file.
  uint64_t target_part_bytes = 128ull << 20;
  std::string run_id;  // part names include it; letters, digits, '.', '_', '-'
  // CSV bytes compressed at a time (one gzip member each); bounds memory. Tests make it small.
  size_t block_bytes = 4u << 20;
  // Threads compressing blocks side by side (gzip only; zstd's one frame per part is serial):
  // 0 = one per core, 1 = on the writer thread.
  size_t compression_threads = 0;
};

class FilesSink final : public Sink {
 public:
  explicit FilesSink(FilesSinkOptions options);
  ~FilesSink() override;

  std::string Describe() const override;
  Status Begin() override;
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  // Returns inserted = rows written, duplicates = 0.
  Result<LoadCounts> Commit(const Schema& schema) override;
  void Abort() override;
  // Keeps the objects the run reads, to list them (with their rows) in the manifest. A sink that
  // shares its run with others (TeeSink) is told none and lists none.
  Result<LoadPlan> Prepare(const std::vector<ObjectInfo>& objects) override;

  // Cleanup that failed after a successful Commit (old parts left behind, harmless to readers
  // of the manifest); the caller may log these.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  enum class State { kNew, kOpen, kCommitted, kAborted };

  std::string PathOf(const std::string& name) const;
  Status StartPart();
  Status FinishPart();
  Result<std::vector<std::string>> ReadPreviousParts();
  void DeletePreviousParts(const std::vector<std::string>& previous);

  FilesSinkOptions options_;
  State state_ = State::kNew;
  FileSystem* fs_ = nullptr;
  std::unique_ptr<Compressor> compressor_;
  std::unique_ptr<CompressionPool> pool_;
  std::unique_ptr<PartWriter> part_;
  uint64_t live_version_ = UINT64_MAX;
  std::vector<PartColumn> live_;     // the schema's live columns as of live_version_
  std::vector<ManifestPart> parts_;  // closed parts of this run
  std::vector<std::string> opened_;  // every part name this run opened, for Abort
  uint64_t rows_ = 0;
  std::vector<ManifestSource> sources_;  // indexed like BatchOrigin::object
  std::vector<std::string> warnings_;
};

}  // namespace aq
