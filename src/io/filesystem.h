// FileSystem: the one seam for all byte I/O in aqpipe (local disk, S3, test doubles).
//
// Paths are full URIs or local paths as the user typed them ("data/x.jsonl",
// "s3://bucket/key"). Implementations live in one folder each (local/, s3/,
// mock/) with the same file names; ForwardingFileSystem lets tests override one
// call to inject a fault.
//
// Thread safety: every method of a FileSystem may be called from several
// threads at once. Streams are used by one thread at a time.
// Ownership: streams are returned as unique_ptr and owned by the caller.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq {

// One object (file) as listed: enough to plan reads and to recognise it again.
struct ObjectInfo {
  std::string path;     // full path/URI, usable with OpenRead
  uint64_t size = 0;    // bytes
  std::string version;  // S3 ETag, or "<size>-<mtime ns>" for a local file
  // Standard input: read once, front to back, size unknown (0); never split, never in a ledger.
  bool stream = false;
};

// A forward-only byte stream. Read returns 0 at the end.
class InputStream {
 public:
  virtual ~InputStream() = default;
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;
};

// A byte sink that becomes visible at `path` only when Close() succeeds
// (local: write to a temporary name then rename; S3: complete the multipart
// upload). Destroying an unclosed stream discards what was written.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(std::string_view bytes) = 0;
  virtual Status Close() = 0;
};

inline constexpr uint64_t kToEnd = UINT64_MAX;

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Every object under `prefix` (a directory, or an S3 prefix), recursively, sorted by path.
  // A prefix naming a single object lists just that object. Names starting with '.' below
  // `prefix` (hidden files and folders) are not listed. What the listing passed over that a
  // user would expect to be read (a dangling link, a link back to a folder already listed) is
  // described, one line per kind, in `passed_over` unless it is null.
  virtual Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                               std::vector<std::string>* passed_over) = 0;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) { return List(prefix, nullptr); }
  // Size and version of one object; NotFound if it does not exist.
  virtual Result<ObjectInfo> Stat(const std::string& path) = 0;
  // Reads [offset, offset + length) of the object, streamed.
  virtual Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object,
                                                        uint64_t offset = 0,
                                                        uint64_t length = kToEnd) = 0;
  // Creates parent directories as needed (local) and replaces any existing object on Close.
  virtual Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) = 0;
  virtual Status Delete(const std::string& path) = 0;
};

// Forwards every call to `target`; tests derive from it and override one call to inject a fault.
class ForwardingFileSystem : public FileSystem {
 public:
  explicit ForwardingFileSystem(FileSystem* target) : target_(target) {}
  using FileSystem::List;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                       std::vector<std::string>* passed_over) override {
    return target_->List(prefix, passed_over);
  }
  Result<ObjectInfo> Stat(const std::string& path) override { return target_->Stat(path); }
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object, uint64_t offset,
                                                uint64_t length) override {
    return target_->OpenRead(object, offset, length);
  }
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override {
    return target_->OpenWrite(path);
  }
  Status Delete(const std::string& path) override { return target_->Delete(path); }

 protected:
  FileSystem* target() const { return target_; }

 private:
  FileSystem* target_;
};

// Reads a whole (small) object into memory: manifests, secrets files, fixtures.
Result<std::string> ReadAll(FileSystem& fs, const std::string& path);
// Writes `bytes` to `path` atomically through OpenWrite/Close.
Status WriteAll(FileSystem& fs, const std::string& path, std::string_view bytes);

}  // namespace aq
