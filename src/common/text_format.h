// Small text formatting shared across layers: JSON string literals and UTC
// times. Kept here so sinks, the pipeline, clients and the CLI write them alike.
//
// Thread safety: pure functions.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace aq {

// Appends `text` as a JSON string literal (with quotes) to *out. `text` must be UTF-8.
void AppendJsonString(std::string_view text, std::string* out);

// `time` in UTC with a strftime(3) format, e.g. "%Y-%m-%dT%H:%M:%SZ".
std::string FormatUtcTime(std::time_t time, const char* format);

}  // namespace aq
