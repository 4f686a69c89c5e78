#include "sinks/files/stale_temporaries.h"

#include <signal.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace aq {
namespace {

constexpr std::string_view kInfix = ".aqpipe-tmp-";

// Whether `pid` is a running aqpipe process (the name of the binary, asan builds included). A pid
// reused by another program does not keep a file alive.
bool IsLiveAqpipe(int pid) {
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!comm || !std::getline(comm, name)) return true;  // no /proc: trust kill()
  return name.starts_with("aqpipe");
}

}  // namespace

int TemporaryFileOwner(std::string_view name) {
  size_t at = name.rfind(kInfix);
  if (at == std::string_view::npos) return 0;
  std::string_view rest = name.substr(at + kInfix.size());  // "<pid>-<n>"
  int pid = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  if (ec != std::errc() || pid <= 0 || end == rest.data() + rest.size() || *end != '-') return 0;
  std::string_view counter = rest.substr(static_cast<size_t>(end - rest.data()) + 1);
  if (counter.empty() || counter.find_first_not_of("0123456789") != std::string_view::npos)
    return 0;
  return pid;
}

Result<std::vector<std::string>> RemoveStaleTemporaries(const std::string& dir) {
  std::vector<std::string> removed;
  if (dir.empty() || dir.find("://") != std::string::npos) return removed;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return removed;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    int pid = TemporaryFileOwner(it->path().filename().string());
    if (pid == 0 || !it->is_regular_file(ec) || IsLiveAqpipe(pid)) continue;
    std::error_code removing;
    if (!std::filesystem::remove(it->path(), removing) && removing) {
      return IoError("cannot remove the stale temporary file " + it->path().string() + ": " +
                     removing.message());
    }
    removed.push_back(it->path().string());
  }
  if (ec) return IoError("cannot list " + dir + ": " + ec.message());
  return removed;
}

}  // namespace aq
