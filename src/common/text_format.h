// Small text formatting shared across layers: JSON string literals, UTC
// times and base64. Kept here so sinks, the pipeline, clients and the CLI write them alike.
//
// Thread safety: pure functions.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aq {

// Appends `text` as a JSON string literal (with quotes) to *out. `text` must be UTF-8.
void AppendJsonString(std::string_view text, std::string* out);

// `time` in UTC with a strftime(3) format, e.g. "%Y-%m-%dT%H:%M:%SZ".
std::string FormatUtcTime(std::time_t time, const char* format);

// RFC 4648 base64; `url_safe` uses '-' and '_' and omits the '=' padding (base64url, RFC 7515).
std::string Base64Encode(std::string_view bytes, bool url_safe = false);
// Decodes standard or URL-safe base64, padded or not; whitespace is skipped.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace aq
