// Reads a JSON object's top-level members as strings, on simdjson: what
// credential endpoints and Secrets Manager secrets hold.
//
// String members are returned decoded; numbers, booleans and null as their
// JSON text; nested objects and arrays as minified JSON.
//
// Thread safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace aq::aws {

using JsonMembers = std::vector<std::pair<std::string, std::string>>;

// Errors never quote the text: it may be a secret.
Result<JsonMembers> ParseJsonObject(std::string_view text);

// The first member named `key` (exact case).
std::optional<std::string> Member(const JsonMembers& members, std::string_view key);

}  // namespace aq::aws
