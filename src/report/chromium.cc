#include "report/chromium.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace aq::report {
namespace {

namespace fs = std::filesystem;

bool Executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

std::string Tail(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > 400 ? all.substr(all.size() - 400) : all;
}

// Runs argv with stdout and stderr into `log`; the exit status, or -1 after killing it at the
// deadline.
Result<int> RunWithDeadline(const std::vector<std::string>& argv, const fs::path& log,
                            std::chrono::seconds deadline) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return IoError("cannot start " + argv[0] + ": " + std::strerror(spawned));
  auto until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return IoError("waiting for " + argv[0] + ": " + std::strerror(errno));
    if (std::chrono::steady_clock::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<std::string> FindChromium(const std::string& configured) {
  if (!configured.empty()) {
    if (Executable(configured)) return configured;
    return NotFound("--chromium " + configured + " is not an executable file");
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::vector<std::string> folders;
  for (std::string dir; std::getline(dirs, dir, ':');) folders.push_back(dir);
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    for (const std::string& dir : folders) {
      std::string candidate = dir + "/" + name;
      if (Executable(candidate)) return candidate;
    }
  }
  return NotFound("no Chromium on PATH (apt-get install chromium, or pass --chromium PATH)");
}

Status RenderScreenshot(const std::string& chromium, const Screenshot& shot) {
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "aqpipe-chromium-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return IoError("cannot make a profile directory for Chromium in " + pattern);
  fs::path profile = pattern;
  std::vector<std::string> argv = {
      chromium,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-quic",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--user-data-dir=" + (profile / "profile").string(),
      "--window-size=" + std::to_string(shot.width) + "," + std::to_string(shot.height),
      "--screenshot=" + shot.png_path,
      "file://" + shot.html_path + "#" + shot.fragment,
  };
  fs::remove(shot.png_path, ec);
  auto code = RunWithDeadline(argv, profile / "chromium.log", std::chrono::seconds(60));
  std::string said = Tail(profile / "chromium.log");
  fs::remove_all(profile, ec);
  if (!code.ok()) return code.status();
  if (*code != 0 || !fs::exists(shot.png_path, ec)) {
    return IoError("Chromium could not render " + shot.png_path +
                   (*code < 0 ? " within a minute" : " (exit " + std::to_string(*code) + ")") +
                   ": " + said);
  }
  return Status::Ok();
}

}  // namespace aq::report
