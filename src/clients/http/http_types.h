// Plain values for one HTTP exchange: what HttpClient sends and what it got back.
//
// Header names are compared case-insensitively; HttpResponse stores them
// lower-cased. A request body is a view of memory the caller owns and keeps
// alive until the call that sends it returns, so large upload parts are never
// copied.
//
// Thread safety: values; no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aq::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Whether a failed attempt may be sent again. Resending must never duplicate an
// effect, so a request that is not safe to repeat is only resent when the
// server cannot have acted on it (the connection was never made, or it
// answered 429/503, which reject the request before any work).
enum class RetrySafety {
  kByMethod,  // GET, HEAD, PUT, DELETE, OPTIONS are safe; POST and PATCH are not
  kSafe,      // safe whatever the method (read-only POST APIs, re-uploading a part)
  kUnsafe,
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string_view body;  // not owned
  RetrySafety retry_safety = RetrySafety::kByMethod;
};

struct HttpResponse {
  long status = 0;
  Headers headers;   // names lower-cased, in arrival order
  std::string body;  // empty when the body was streamed to a callback
  int attempts = 1;  // how many times the request was sent
};

// Value of the first header named `name` (any case), if present.
std::optional<std::string> FindHeader(const Headers& headers, std::string_view name);

// True when `method` may be repeated without a second effect (RFC 9110 9.2.2).
bool IsIdempotentMethod(std::string_view method);

}  // namespace aq::http
