#include "cli/registry_setup.h"

namespace aq::cli {

void RegisterFileSystems(FileSystemRegistry& /*registry*/) {}

}  // namespace aq::cli
