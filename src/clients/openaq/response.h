// What an OpenAQ v3 answer means: a page of results (meta.found, results) or one clear error.
//
// Every v3 list endpoint answers {"meta": {"name", "website", "page", "limit", "found"},
// "results": [...]}. `found` is a number, or a string such as ">1000" when the API only knows a
// lower bound, or absent; paging therefore stops on a short page, not on `found`.
//
// Errors, as docs.openaq.org/errors describes them: 401 no or unknown key, 403 key not allowed,
// 404 no such resource, 410 Gone (API v1 and v2, retired in January 2025), 422 a malformed query
// parameter, 429 too many requests, 5xx a failing server. Each becomes one Status whose message
// says what to do; the transient ones (429, 5xx) are kUnavailable.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::openaq {

struct Page {
  std::optional<uint64_t> found;      // absent when the API did not say
  bool found_is_lower_bound = false;  // ">1000": at least that many
  std::vector<std::string> results;   // each result as minified JSON
};

// Parses a 2xx body. A body that is not a complete v3 page (cut off, not JSON, no `results`
// array) is kUnavailable: a proxy or the server broke it, and the same request may succeed again.
Result<Page> ParsePage(std::string_view body);

// The error for a non-2xx answer to the request described by `what` (path and query, no key).
Status ErrorForStatus(long status, std::string_view body, const std::string& what);

}  // namespace aq::openaq
