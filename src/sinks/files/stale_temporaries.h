// Temporary files that killed runs left behind in a local output directory.
//
// LocalFileSystem::OpenWrite writes "<path>.aqpipe-tmp-<pid>-<n>" and renames it onto <path>;
// a run killed in between leaves the temporary file. A later run that writes to the same
// directory (--output, --rejects) removes those whose process is gone: the pid in the name is
// not a live aqpipe process. Files of live runs (a concurrent load) are left alone.
//
// Thread safety: pure functions over the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq {

// The pid in a temporary file name of LocalFileSystem, or 0 when `name` is not one.
int TemporaryFileOwner(std::string_view name);

// Removes the stale temporary files directly in local directory `dir` (nothing when it does not
// exist or is an s3:// location); returns their paths.
Result<std::vector<std::string>> RemoveStaleTemporaries(const std::string& dir);

}  // namespace aq
