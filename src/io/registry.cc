#include "io/registry.h"

#include "io/local/filesystem.h"
#include "io/stdin/filesystem.h"

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

FileSystem* FileSystemRegistry::Stdin() {
  std::lock_guard lock(mu_);
  if (!stdin_) stdin_ = std::make_unique<StdinFileSystem>();
  return stdin_.get();
}

std::string SchemeOf(const std::string& path) {
  auto pos = path.find("://");
  if (pos == std::string::npos) return "";
  return path.substr(0, pos);
}

}  // namespace aq
