// Redaction registry: a process-wide list of secret strings (secret values,
// secret access keys, session tokens, passwords) that must never reach a
// message, a log line or a file. Code that obtains a secret registers it once;
// code that turns text into output (Status messages built from remote
// responses, CLI error printing) passes it through Scrub.
//
// Values shorter than kMinRedactedLength are not registered: scrubbing "1" or
// "ab" out of every message would make messages unreadable, and a secret that
// short is no secret. Registered values stay for the life of the process.
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aq::redact {

inline constexpr size_t kMinRedactedLength = 4;
inline constexpr std::string_view kMask = "[redacted]";

// Remembers `secret` so that Scrub hides it. Empty and very short values are ignored.
void Register(std::string_view secret);

// `text` with every registered secret replaced by kMask.
std::string Scrub(std::string_view text);

// Forgets every registered value. Tests only.
void ClearForTesting();

}  // namespace aq::redact
