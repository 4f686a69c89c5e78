// URL pieces and percent-encoding as AWS signing and HTTP requests need them.
//
// UriEncode follows RFC 3986 strictly (only A-Z a-z 0-9 - . _ ~ stay as they
// are, hex digits upper-case), which is the encoding SigV4 canonicalises to;
// building query strings with the same function keeps what is sent and what
// is signed identical.
//
// Thread safety: pure functions and values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace aq::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Url {
  std::string scheme;  // "http" or "https", lower-case
  std::string host;    // without brackets for IPv6
  std::string port;    // empty when not given
  std::string path;    // as written (already encoded), "/" when empty
  std::string query;   // after '?', without it; may be empty

  // "host[:port]" as the Host header carries it: the port only when not the scheme's default.
  std::string HostHeader() const;
  // "scheme://host[:port]" with no path.
  std::string Origin() const;
};

// Accepts "scheme://host[:port][/path][?query]"; the scheme must be http or https.
Result<Url> ParseUrl(std::string_view text);

// Percent-encodes every byte outside the unreserved set; '/' too unless keep_slash.
std::string UriEncode(std::string_view text, bool keep_slash = false);
// Decodes %XX escapes (and nothing else: '+' stays '+').
std::string UriDecode(std::string_view text);
// "k1=v1&k2=v2" with keys and values UriEncoded, in the given order.
std::string BuildQuery(const QueryParams& params);
// The pairs of a query string, decoded, in order.
QueryParams ParseQuery(std::string_view query);

}  // namespace aq::http
