// The random UUIDs that name each Snowflake request (requestId, request_guid).
// (Base64, which the protocol also needs, is in common/text_format.h.)
//
// Thread safety: NewRequestId draws from OpenSSL's CSPRNG and may be called from any thread.
#pragma once

#include <string>

namespace aq::snowflake {

// A random (version 4) UUID in its canonical lower-case 8-4-4-4-12 form.
std::string NewRequestId();

}  // namespace aq::snowflake
