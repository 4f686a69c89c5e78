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
// Thread safety: pure functions over the file systems of a registry.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/filesystem.h"
#include "io/registry.h"
#include "sources/glob.h"

namespace aq {

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
