// Registers every remote file system (s3://, ...) the command line supports.
#pragma once

#include "io/registry.h"

namespace aq::cli {

void RegisterFileSystems(FileSystemRegistry& registry);

}  // namespace aq::cli
