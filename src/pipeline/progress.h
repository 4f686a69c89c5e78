// The progress line of a run, and the byte counting behind its percentage.
//
// Thread safety: CountingFileSystem may be used from several threads (the count is atomic);
// FormatProgress is a pure function.
#pragma once

#include <atomic>
#include <string>

#include "io/filesystem.h"
#include "pipeline/run_options.h"

namespace aq {

// "3/10 files, 45% of 27.0 MB, 1,234 records, about 0:12 left"; without a known total size
// (standard input) "1/1 files, 12.3 MB read, 1,234 records".
std::string FormatProgress(const Progress& progress);

// Counts the bytes every stream opened through it delivers, into `*bytes_read`.
class CountingFileSystem : public ForwardingFileSystem {
 public:
  CountingFileSystem(FileSystem* target, std::atomic<uint64_t>* bytes_read)
      : ForwardingFileSystem(target), bytes_read_(bytes_read) {}
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object, uint64_t offset,
                                                uint64_t length) override;

 private:
  std::atomic<uint64_t>* bytes_read_;
};

}  // namespace aq
