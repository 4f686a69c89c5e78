// FileSystemRegistry: maps a path's scheme ("s3" in s3://...) to the FileSystem that serves it;
// paths without a scheme are local, "-" is standard input. A new backend registers a factory.
//
// Thread safety: For and Stdin may be called from several threads.
// Ownership: the registry owns the file systems it creates.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "io/filesystem.h"

namespace aq {

class FileSystemRegistry {
 public:
  using Factory = std::function<Result<std::unique_ptr<FileSystem>>()>;

  FileSystemRegistry();
  void Register(const std::string& scheme, Factory factory);
  Result<FileSystem*> For(const std::string& path);
  // Standard input ("-"), one per registry: it can be read only once.
  FileSystem* Stdin();

 private:
  std::mutex mu_;
  std::map<std::string, Factory> factories_;
  std::map<std::string, std::unique_ptr<FileSystem>> instances_;
  std::unique_ptr<FileSystem> stdin_;
};

// "s3" for "s3://b/k", "" for local paths.
std::string SchemeOf(const std::string& path);

}  // namespace aq
