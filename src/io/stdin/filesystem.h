// StdinFileSystem: standard input as the one object "-" (`--source -`).
//
// Its bytes are sniffed and decompressed like a file's, but they can be read only once, front to
// back: the object is marked `stream` (size unknown, never split into ranges, never recorded in a
// load ledger, since the next run's standard input is other data under the same name). A second
// OpenRead fails with a message that says to save the input to a file.
//
// Thread safety: OpenRead may be called from several threads; only the first one gets the stream.
#pragma once

#include <atomic>

#include "io/filesystem.h"

namespace aq {

inline constexpr const char* kStdinSource = "-";

class StdinFileSystem : public FileSystem {
 public:
  explicit StdinFileSystem(int fd = 0) : fd_(fd) {}

  static ObjectInfo Object();

  using FileSystem::List;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                       std::vector<std::string>* passed_over) override;
  Result<ObjectInfo> Stat(const std::string& path) override;
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object, uint64_t offset,
                                                uint64_t length) override;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;

 private:
  int fd_;
  std::atomic<bool> opened_{false};
};

}  // namespace aq
