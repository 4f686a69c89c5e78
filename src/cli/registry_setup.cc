#include "cli/registry_setup.h"

#include "io/s3/filesystem.h"

namespace aq::cli {

void RegisterFileSystems(FileSystemRegistry& registry) {
  // Created on first use, so runs that never touch s3:// never look for AWS credentials.
  registry.Register("s3", [] { return MakeS3FileSystem(); });
}

}  // namespace aq::cli
