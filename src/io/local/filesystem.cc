#include "io/local/filesystem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

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

namespace {

// A file or folder as the kernel knows it: the same (device, inode) under two names is one.
struct FileId {
  dev_t device;
  ino_t inode;
  bool operator==(const FileId& other) const {
    return device == other.device && inode == other.inode;
  }
  bool operator<(const FileId& other) const {
    return device != other.device ? device < other.device : inode < other.inode;
  }
};

std::string Join(const std::string& dir, const std::string& name) {
  return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

std::string LinkTarget(const std::string& path) {
  std::error_code ec;
  auto target = std::filesystem::read_symlink(path, ec);
  return ec ? std::string("?") : target.string();
}

// "skipped <n> <what>: a, b, c and 2 more" for one kind of skipped path.
std::string Summary(const std::vector<std::string>& paths, const std::string& one,
                    const std::string& many) {
  constexpr size_t kShown = 5;
  std::string out =
      "skipped " + std::to_string(paths.size()) + " " + (paths.size() == 1 ? one : many) + ": ";
  for (size_t i = 0; i < paths.size() && i < kShown; ++i) out += (i ? ", " : "") + paths[i];
  if (paths.size() > kShown) out += " and " + std::to_string(paths.size() - kShown) + " more";
  return out;
}

// Walks a folder tree following symbolic links, reading each file and entering each folder once,
// whatever the names and links that lead to it: a link back to a folder on the way down (a loop)
// or to one already walked is not followed, a second name of a file already listed is skipped.
class TreeWalker {
 public:
  explicit TreeWalker(std::vector<ObjectInfo>* out) : out_(out) {}

  // Real names win over links: the tree is walked without following links first, then each link
  // met on the way is followed (and links met under it after that), so a file is listed under
  // the name it has in the tree whenever it has one.
  Status WalkRoot(const std::string& root, const struct stat& st) {
    FileId id{st.st_dev, st.st_ino};
    folders_[id] = root;
    AQ_RETURN_IF_ERROR(Walk(root, id));
    for (size_t i = 0; i < links_.size(); ++i) {
      Link link = links_[i];  // Visit may add links, moving the vector
      path_ = std::move(link.ancestors);
      AQ_RETURN_IF_ERROR(Visit(link.path));
    }
    return Status::Ok();
  }

  void Describe(std::vector<std::string>* passed_over) const {
    if (!passed_over) return;
    if (!dangling_.empty()) {
      passed_over->push_back(Summary(dangling_,
                                     "dangling symbolic link (its target does not exist)",
                                     "dangling symbolic links (their targets do not exist)"));
    }
    if (!loops_.empty()) {
      passed_over->push_back(
          Summary(loops_, "symbolic link back to a folder it is in (a loop, not followed)",
                  "symbolic links back to a folder they are in (loops, not followed)"));
    }
    if (!aliases_.empty()) {
      passed_over->push_back(
          Summary(aliases_, "second name of a file or folder already listed (read once)",
                  "second names of files or folders already listed (read once)"));
    }
  }

 private:
  Status Walk(const std::string& dir, FileId dir_id) {
    std::error_code ec;
    std::vector<std::pair<std::string, bool>> entries;  // name, is a symbolic link
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      // Hidden files and folders and our own temporaries are never input.
      if (name.starts_with(".") || name.find(".aqpipe-tmp-") != std::string::npos) continue;
      std::error_code link_ec;
      entries.emplace_back(std::move(name), it->is_symlink(link_ec));
    }
    if (ec) return IoError("cannot list directory " + dir + ": " + ec.message());
    std::sort(entries.begin(), entries.end());  // the first name of a file is the same every run
    path_.push_back(dir_id);
    for (const auto& [name, link] : entries) {
      if (link) {
        links_.push_back({Join(dir, name), path_});
        continue;
      }
      AQ_RETURN_IF_ERROR(Visit(Join(dir, name)));
    }
    path_.pop_back();
    return Status::Ok();
  }

  Status Visit(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      int err = errno;
      struct stat link {};
      if ((err == ENOENT || err == ELOOP) && ::lstat(path.c_str(), &link) == 0 &&
          S_ISLNK(link.st_mode)) {
        dangling_.push_back(path + " -> " + LinkTarget(path));
        return Status::Ok();
      }
      return ErrnoStatus("cannot open", path, err);
    }
    FileId id{st.st_dev, st.st_ino};
    if (S_ISDIR(st.st_mode)) {
      auto [seen, inserted] = folders_.try_emplace(id, path);
      if (!inserted) {
        bool loop = std::find(path_.begin(), path_.end(), id) != path_.end();
        (loop ? loops_ : aliases_).push_back(path + " -> " + seen->second);
        return Status::Ok();
      }
      return Walk(path, id);
    }
    if (!S_ISREG(st.st_mode)) return Status::Ok();  // sockets, pipes, devices
    auto [seen, inserted] = files_.try_emplace(id, path);
    if (!inserted) {
      aliases_.push_back(path + " -> " + seen->second);
      return Status::Ok();
    }
    out_->push_back({path, static_cast<uint64_t>(st.st_size), VersionOf(st)});
    return Status::Ok();
  }

  std::vector<ObjectInfo>* out_;
  std::map<FileId, std::string> folders_;  // first name each folder was reached by
  std::map<FileId, std::string> files_;
  std::vector<FileId> path_;  // folders from the root down to the one being walked
  struct Link {
    std::string path;
    std::vector<FileId> ancestors;  // path_ where it was met
  };
  std::vector<Link> links_;  // met, not yet followed
  std::vector<std::string> dangling_;
  std::vector<std::string> loops_;
  std::vector<std::string> aliases_;
};

}  // namespace

Result<std::vector<ObjectInfo>> LocalFileSystem::List(const std::string& prefix,
                                                      std::vector<std::string>* passed_over) {
  struct stat st {};
  if (::stat(prefix.c_str(), &st) != 0) return ErrnoStatus("cannot open", prefix, errno);
  std::vector<ObjectInfo> out;
  if (!S_ISDIR(st.st_mode)) {
    out.push_back({prefix, static_cast<uint64_t>(st.st_size), VersionOf(st)});
    return out;
  }
  TreeWalker walker(&out);
  AQ_RETURN_IF_ERROR(walker.WalkRoot(prefix, st));
  walker.Describe(passed_over);
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
