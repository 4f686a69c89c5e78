// LocalFileSystem: FileSystem over the machine's own disk (POSIX calls).
//
// OpenWrite writes "<path>.aqpipe-tmp-<pid>-<n>" and renames it onto <path> in
// Close, so a reader never sees a half-written file and a killed run leaves
// only a temporary file behind.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include "io/filesystem.h"

namespace aq {

class LocalFileSystem : public FileSystem {
 public:
  using FileSystem::List;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                       std::vector<std::string>* passed_over) override;
  Result<ObjectInfo> Stat(const std::string& path) override;
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object, uint64_t offset,
                                                uint64_t length) override;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
};

// Creates `dir` and its parents; ok if it exists.
Status CreateDirectories(const std::string& dir);

}  // namespace aq
