#include "sources/local/filesystem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace aq {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string message = what + " " + path + ": " + ErrnoText(err);
  if (err == ENOENT) return NotFound(message);
  if (err == EACCES || err == EPERM)
    return PermissionDenied(message + " (check the file's permissions)");
  return IoError(message);
}

std::string VersionOf(const struct stat& st) {
  return std::to_string(st.st_size) + "-" +
         std::to_string(static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
}

class LocalInputStream : public InputStream {
 public:
  LocalInputStream(int fd, std::string path, uint64_t offset, uint64_t length)
      : fd_(fd), path_(std::move(path)), offset_(offset), remaining_(length) {}
  ~LocalInputStream() override { ::close(fd_); }

  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t want = static_cast<size_t>(std::min<uint64_t>(capacity, remaining_));
    if (want == 0) return size_t{0};
    for (;;) {
      ssize_t n = ::pread(fd_, buffer, want, static_cast<off_t>(offset_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus("cannot read", path_, errno);
      offset_ += static_cast<uint64_t>(n);
      remaining_ = n == 0 ? 0 : remaining_ - static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  std::string path_;
  uint64_t offset_;
  uint64_t remaining_;
};

class LocalOutputStream : public OutputStream {
 public:
  LocalOutputStream(int fd, std::string path, std::string temp_path)
      : fd_(fd), path_(std::move(path)), temp_path_(std::move(temp_path)) {}
  ~LocalOutputStream() override {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(temp_path_.c_str());
    }
  }

  Status Write(std::string_view bytes) override {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus("cannot write", path_, errno);
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Internal("stream for " + path_ + " closed twice");
    int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      int err = errno;
      ::unlink(temp_path_.c_str());
      return ErrnoStatus("cannot write", path_, err);
    }
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      int err = errno;
      ::unlink(temp_path_.c_str());
      return ErrnoStatus("cannot rename into place", path_, err);
    }
    return Status::Ok();
  }

 private:
  int fd_;
  std::string path_;
  std::string temp_path_;
};

}  // namespace

Status CreateDirectories(const std::string& dir) {
  if (dir.empty()) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create directory " + dir + ": " + ec.message());
  return Status::Ok();
}

Result<ObjectInfo> LocalFileSystem::Stat(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("cannot open", path, errno);
  if (S_ISDIR(st.st_mode)) return InvalidArgument(path + " is a directory");
  return ObjectInfo{path, static_cast<uint64_t>(st.st_size), VersionOf(st)};
}

Result<std::vector<ObjectInfo>> LocalFileSystem::List(const std::string& prefix) {
  struct stat st {};
  if (::stat(prefix.c_str(), &st) != 0) return ErrnoStatus("cannot open", prefix, errno);
  std::vector<ObjectInfo> out;
  if (!S_ISDIR(st.st_mode)) {
    out.push_back({prefix, static_cast<uint64_t>(st.st_size), VersionOf(st)});
    return out;
  }
  std::error_code ec;
  auto options = std::filesystem::directory_options::follow_directory_symlink;
  for (auto it = std::filesystem::recursive_directory_iterator(prefix, options, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string path = it->path().string();
    // Hidden files and our own temporaries are never input.
    if (it->path().filename().string().starts_with(".") ||
        path.find(".aqpipe-tmp-") != std::string::npos) {
      continue;
    }
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("cannot open", path, errno);
    out.push_back({path, static_cast<uint64_t>(st.st_size), VersionOf(st)});
  }
  if (ec) return IoError("cannot list directory " + prefix + ": " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
  return out;
}

Result<std::unique_ptr<InputStream>> LocalFileSystem::OpenRead(const ObjectInfo& object,
                                                               uint64_t offset, uint64_t length) {
  int fd = ::open(object.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", object.path, errno);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<InputStream>(
      std::make_unique<LocalInputStream>(fd, object.path, offset, length));
}

Result<std::unique_ptr<OutputStream>> LocalFileSystem::OpenWrite(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) AQ_RETURN_IF_ERROR(CreateDirectories(parent.string()));
  std::string temp = path + ".aqpipe-tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter.fetch_add(1));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create", path, errno);
  return std::unique_ptr<OutputStream>(std::make_unique<LocalOutputStream>(fd, path, temp));
}

Status LocalFileSystem::Delete(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return ErrnoStatus("cannot delete", path, errno);
  return Status::Ok();
}

}  // namespace aq
