#include "io/stdin/filesystem.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace aq {
namespace {

class FdInputStream : public InputStream {
 public:
  explicit FdInputStream(int fd) : fd_(fd) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    for (;;) {
      ssize_t n = ::read(fd_, buffer, capacity);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return IoError(std::string("cannot read standard input: ") + std::strerror(errno));
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;  // not owned: standard input stays open
};

Status NotStdin(const std::string& path) {
  std::string message = path;
  message += " is not standard input (-)";
  return InvalidArgument(std::move(message));
}

}  // namespace

ObjectInfo StdinFileSystem::Object() {
  return ObjectInfo{std::string(kStdinSource), 0, std::string(), /*stream=*/true};
}

Result<std::vector<ObjectInfo>> StdinFileSystem::List(const std::string& prefix,
                                                      std::vector<std::string>* /*passed_over*/) {
  if (prefix != kStdinSource) return NotStdin(prefix);
  return std::vector<ObjectInfo>{Object()};
}

Result<ObjectInfo> StdinFileSystem::Stat(const std::string& path) {
  if (path != kStdinSource) return NotStdin(path);
  return Object();
}

Result<std::unique_ptr<InputStream>> StdinFileSystem::OpenRead(const ObjectInfo& object,
                                                               uint64_t offset,
                                                               uint64_t /*length*/) {
  if (object.path != kStdinSource) return NotStdin(object.path);
  if (offset != 0) return InvalidArgument("standard input cannot be read from an offset");
  if (opened_.exchange(true)) {
    return FailedPrecondition(
        "standard input can be read only once, and this run needs to read its input again (a "
        "column became text after earlier values of it were loaded converted); save the input "
        "to a file and pass that file to --source");
  }
  return std::unique_ptr<InputStream>(std::make_unique<FdInputStream>(fd_));
}

Result<std::unique_ptr<OutputStream>> StdinFileSystem::OpenWrite(const std::string& path) {
  return InvalidArgument("cannot write to " + path + ": standard input is read only");
}

Status StdinFileSystem::Delete(const std::string& path) {
  return InvalidArgument("cannot delete " + path + ": standard input is read only");
}

}  // namespace aq
