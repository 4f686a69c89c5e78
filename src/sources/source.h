// Source resolution: turns what the user passed to --source (a file, a directory, a glob, an
// s3:// prefix or glob, "-" for standard input) into the list of objects to read.
//
// Directories and prefixes are read recursively; hidden files and folders are never listed.
// Globs follow sources/glob.h ('*' stays within one folder, "**/" is zero or more folders), for
// local paths and S3 keys alike. A listing (a directory, a prefix, or a glob whose last component
// does not end in a literal extension, like "raw/*" or "raw/**") reads only what looks like JSON
// data by its name: .json .jsonl .ndjson, each also with .gz .gzip .zst .zstd, and names without
// an extension; it skips the rest (readme.txt, *.csv, *.png, README, _SUCCESS and whatever is in
// a folder starting with '_') and says so in a note. A file named explicitly, or by a glob that
// spells its extension ("raw/*.txt"), is always read.
//
// Thread safety: FileSystemRegistry::For may be called from several threads.
// Ownership: the registry owns the file systems it creates.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sources/filesystem.h"
#include "sources/glob.h"

namespace aq {

// Maps a path's scheme ("s3" in s3://...) to the FileSystem that serves it;
// paths without a scheme are local. A new backend registers a factory here.
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

struct SourceObject {
  FileSystem* fs = nullptr;
  ObjectInfo info;
};

// Whether a listing reads `name` (a file's name, no folder): JSON-ish by its extension.
bool LooksLikeJsonData(std::string_view name);

// Every object named by `specs`, each spec's objects sorted by path, duplicates removed.
// A spec that matches nothing is an error naming the spec. What was listed but not read (by its
// name, or passed over by the listing: dangling links, loops) is described in `notes`.
Result<std::vector<SourceObject>> ResolveSources(const std::vector<std::string>& specs,
                                                 FileSystemRegistry& registry,
                                                 std::vector<std::string>* notes);

}  // namespace aq
