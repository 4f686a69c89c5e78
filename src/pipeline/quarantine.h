// Quarantine: where bad records go, one JSON line each, so nothing is lost:
//   {"source":"data/x.jsonl","line":12,"record":11,"reason":"...","raw":"<the record's text>"}
// ("raw_base64" instead of "raw" when the text is not valid UTF-8). The file,
// rejects-<run id>.jsonl under the rejects location (a directory or an s3://
// prefix), appears only when the run closes it, and only if there was a reject.
//
// Bounded: a raw record keeps at most kMaxRawBytes (then "raw_bytes" gives its
// full size and "raw_truncated":true is set), and Add fails with kDataError
// once the file would pass `max_bytes`: garbage input (not JSON at all) would
// otherwise fill the disk. The entries up to the cap are still published.
//
// Thread safety: used by the writer thread only.
#pragma once

#include <memory>
#include <string>

#include "io/registry.h"

namespace aq {

struct QuarantineEntry {
  std::string_view source;
  uint64_t line = 0;    // 1-based
  uint64_t record = 0;  // 1-based
  std::string_view reason;
  std::string_view raw;
};

class Quarantine {
 public:
  static constexpr size_t kMaxRawBytes = 64 << 10;

  Quarantine(FileSystemRegistry* registry, std::string location, std::string run_id,
             uint64_t max_bytes = 256ull << 20)
      : registry_(registry),
        location_(std::move(location)),
        run_id_(std::move(run_id)),
        max_bytes_(max_bytes) {}

  Status Add(const QuarantineEntry& entry);
  // Publishes the file (if anything was added); returns its path, or "" when empty.
  Result<std::string> Close();
  uint64_t count() const { return count_; }

 private:
  FileSystemRegistry* registry_;
  std::string location_;
  std::string run_id_;
  std::string path_;
  std::unique_ptr<OutputStream> out_;
  uint64_t max_bytes_;
  std::string buffer_;
  uint64_t written_ = 0;  // bytes already handed to out_
  uint64_t count_ = 0;
};

}  // namespace aq
