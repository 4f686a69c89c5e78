// The ingest state: per sensor, the instant up to which its data is written (the watermark), kept
// as one small JSON object beside the data:
//   {"version":1,"data":"hours","watermarks":{"11":"2024-02-01T00:00:00Z", ...}}
// A watermark moves only after every object of the chunk before it is written, so the objects
// below a watermark are complete; a killed ingest leaves at worst objects above it, which the
// rerun writes again under the same names (time_window.h) with the same content.
//
// Thread safety: a value; Load and Save go through the FileSystem seam (atomic writes).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/status.h"
#include "io/filesystem.h"

namespace aq::ingest {

struct IngestState {
  std::map<int64_t, int64_t> watermarks;  // sensor id -> epoch seconds, exclusive end
};

// The state object of `data` ("hours") under `out`. Its name starts with '.' so that
// `aqpipe run --source <out>` does not read it as data.
std::string StatePath(const std::string& out, const std::string& data);

// The state at `path`; an empty state when there is none yet.
Result<IngestState> LoadState(FileSystem& fs, const std::string& path, const std::string& data);
Status SaveState(FileSystem& fs, const std::string& path, const std::string& data,
                 const IngestState& state);

std::string SerializeState(const std::string& data, const IngestState& state);
Result<IngestState> ParseState(std::string_view json, const std::string& data,
                               const std::string& path);

}  // namespace aq::ingest
