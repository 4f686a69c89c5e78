// Small text formatting shared across layers: JSON string literals, UTC
// times, base64 and human-readable counts and sizes. Kept here so sinks, the pipeline, clients and
// the CLI write them alike.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aq {

// Appends `text` as a JSON string literal (with quotes) to *out. `text` must be UTF-8.
void AppendJsonString(std::string_view text, std::string* out);

// `time` in UTC with a strftime(3) format, e.g. "%Y-%m-%dT%H:%M:%SZ".
std::string FormatUtcTime(std::time_t time, const char* format);

// ASCII case folding (header names, secret keys, identifiers); other bytes are kept.
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);

// 1234567 -> "1,234,567", for counts people read.
std::string Thousands(uint64_t n);
// 12345678 -> "12.3 MB" (decimal megabytes, as sizes are printed everywhere in aqpipe).
std::string Megabytes(uint64_t bytes);

// RFC 4648 base64; `url_safe` uses '-' and '_' and omits the '=' padding (base64url, RFC 7515).
std::string Base64Encode(std::string_view bytes, bool url_safe = false);
// Decodes standard or URL-safe base64, padded or not; whitespace is skipped.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace aq
