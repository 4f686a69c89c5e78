// Source resolution: turns what the user passed to --source (a file, a
// directory, a glob, an s3:// prefix or glob) into the list of objects to read.
//
// Listing a directory or prefix skips files that sit beside data (README*, *.md, _SUCCESS and
// other names starting with '_' or '.', *.crc); a file named explicitly or matched by a glob is
// always read. Globs use fnmatch(3) without FNM_PATHNAME, so '*' also matches '/', as S3
// users expect of key patterns. Directories and prefixes are read recursively;
// hidden files are skipped.
//
// Thread safety: FileSystemRegistry::For may be called from several threads.
// Ownership: the registry owns the file systems it creates.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sources/filesystem.h"

namespace aq {

// Maps a path's scheme ("s3" in s3://...) to the FileSystem that serves it;
// paths without a scheme are local. A new backend registers a factory here.
class FileSystemRegistry {
 public:
  using Factory = std::function<Result<std::unique_ptr<FileSystem>>()>;

  FileSystemRegistry();
  void Register(const std::string& scheme, Factory factory);
  Result<FileSystem*> For(const std::string& path);

 private:
  std::mutex mu_;
  std::map<std::string, Factory> factories_;
  std::map<std::string, std::unique_ptr<FileSystem>> instances_;
};

// "s3" for "s3://b/k", "" for local paths.
std::string SchemeOf(const std::string& path);
bool HasGlob(const std::string& spec);

struct SourceObject {
  FileSystem* fs = nullptr;
  ObjectInfo info;
};

// Every object named by `specs`, each spec's objects sorted by path, duplicates removed.
// A spec that matches nothing is an error naming the spec.
Result<std::vector<SourceObject>> ResolveSources(const std::vector<std::string>& specs,
                                                 FileSystemRegistry& registry);

}  // namespace aq
