#include "cli/environment.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/text_format.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace aq::cli {

std::string EnvironmentVariableFor(const std::string& long_name) {
  std::string name = "AQPIPE_" + AsciiUpper(long_name);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void BindEnvironment(CLI::App& command) {
  for (CLI::Option* option : command.get_options()) {
    if (!option->get_envname().empty() || option->get_lnames().empty()) continue;
    const std::string& long_name = option->get_lnames().front();
    if (long_name == "help" || long_name == "version") continue;
    option->envname(EnvironmentVariableFor(long_name));
    // A list option (--source) takes a comma-separated list from its variable, one value per
    // item, the way --key already does on the command line.
    if (option->get_expected_max() > 1 && option->get_delimiter() == '\0') option->delimiter(',');
  }
}

void NameEnvironmentInUse() {
  std::string names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "AQPIPE_", 7) != 0) continue;
    const char* equals = std::strchr(*entry, '=');
    if (equals == nullptr) continue;
    names +=
        (names.empty() ? "" : ", ") + std::string(*entry, static_cast<size_t>(equals - *entry));
  }
  if (names.empty()) return;
  std::fprintf(stderr, "(options also come from the environment; set here: %s)\n", names.c_str());
}

}  // namespace aq::cli
