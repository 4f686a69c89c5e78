#include "sources/source.h"

#include <fnmatch.h>

#include <set>

#include "sources/local/filesystem.h"

namespace aq {

FileSystemRegistry::FileSystemRegistry() {
  Register("",
           [] { return Result<std::unique_ptr<FileSystem>>(std::make_unique<LocalFileSystem>()); });
}

void FileSystemRegistry::Register(const std::string& scheme, Factory factory) {
  std::lock_guard lock(mu_);
  factories_[scheme] = std::move(factory);
}

Result<FileSystem*> FileSystemRegistry::For(const std::string& path) {
  std::string scheme = SchemeOf(path);
  std::lock_guard lock(mu_);
  if (auto it = instances_.find(scheme); it != instances_.end()) return it->second.get();
  auto factory = factories_.find(scheme);
  if (factory == factories_.end()) {
    return InvalidArgument("unsupported scheme '" + scheme + "://' in " + path +
                           " (use a local path or s3://bucket/prefix)");
  }
  AQ_ASSIGN_OR_RETURN(auto fs, factory->second());
  FileSystem* raw = fs.get();
  instances_[scheme] = std::move(fs);
  return raw;
}

std::string SchemeOf(const std::string& path) {
  auto pos = path.find("://");
  if (pos == std::string::npos) return "";
  return path.substr(0, pos);
}

bool HasGlob(const std::string& spec) { return spec.find_first_of("*?[") != std::string::npos; }

namespace {

// The longest leading part of a glob that has no wildcard, cut at a '/'.
std::string GlobPrefix(const std::string& spec) {
  size_t wildcard = spec.find_first_of("*?[");
  size_t slash = spec.rfind('/', wildcard);
  if (slash == std::string::npos) return ".";
  return spec.substr(0, slash + 1);
}

// Files a directory or prefix holds beside its data: documentation and job markers
// (README.md, _SUCCESS, .crc files). Named explicitly or by a glob, they are read.
bool IsSideFile(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  return name.starts_with("_") || name.starts_with(".") || name.starts_with("README") ||
         name.ends_with(".md") || name.ends_with(".crc");
}

Result<std::vector<ObjectInfo>> ListSpec(const std::string& spec, FileSystem& fs) {
  if (!HasGlob(spec)) {
    auto listed = fs.List(spec);
    if (!listed.ok() && listed.status().code() == StatusCode::kNotFound) {
      return NotFound("source " + spec + " does not exist (check the path or prefix)");
    }
    if (!listed.ok()) return listed;
    std::vector<ObjectInfo> data;
    for (auto& object : *listed) {
      if (object.path == spec || !IsSideFile(object.path)) data.push_back(std::move(object));
    }
    return data;
  }
  std::string prefix = GlobPrefix(spec);
  AQ_ASSIGN_OR_RETURN(auto all, fs.List(prefix));
  // Local listings of "." come back as "./x"; match the pattern in the same spelling.
  std::string pattern = prefix == "." && !spec.starts_with("./") ? "./" + spec : spec;
  std::vector<ObjectInfo> matched;
  for (auto& object : all) {
    if (fnmatch(pattern.c_str(), object.path.c_str(), 0) == 0) matched.push_back(std::move(object));
  }
  return matched;
}

}  // namespace

Result<std::vector<SourceObject>> ResolveSources(const std::vector<std::string>& specs,
                                                 FileSystemRegistry& registry) {
  if (specs.empty()) return InvalidArgument("no --source given");
  std::vector<SourceObject> out;
  std::set<std::string> seen;
  for (const auto& spec : specs) {
    AQ_ASSIGN_OR_RETURN(FileSystem * fs, registry.For(spec));
    AQ_ASSIGN_OR_RETURN(auto objects, ListSpec(spec, *fs));
    if (objects.empty()) return NotFound("source " + spec + " matches no files");
    for (auto& object : objects) {
      if (!seen.insert(object.path).second) continue;
      out.push_back({fs, std::move(object)});
    }
  }
  return out;
}

}  // namespace aq
