// Small encodings the Snowflake protocol needs: base64 (standard, for Arrow
// results and key fingerprints; URL-safe without padding, for JWTs) and the
// random UUIDs that name each request (requestId, request_guid).
//
// Thread safety: pure functions (NewRequestId draws from OpenSSL's CSPRNG).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aq::snowflake {

// RFC 4648 base64; `url_safe` uses '-' and '_' and omits the '=' padding (base64url, RFC 7515).
std::string Base64Encode(std::string_view bytes, bool url_safe = false);
// Decodes standard or URL-safe base64, padded or not; whitespace is skipped.
Result<std::string> Base64Decode(std::string_view text);
// A random (version 4) UUID in its canonical lower-case 8-4-4-4-12 form.
std::string NewRequestId();

}  // namespace aq::snowflake
