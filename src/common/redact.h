// Secrets and the last-resort filter that keeps them out of output.
//
// Secrets are passwords, private keys and their passphrases, AWS secret access keys and session
// tokens, login and API tokens. They are held as Secret, which has no conversion to text and no
// stream operator: a Secret cannot be formatted into a message, a log line or a file by mistake.
// reveal() hands the value to the one place that must send it (a signature, a login request).
//
// Everything else about a login (user, account, URL, database, role, warehouse) is not secret and
// is printed as the Snowflake and AWS tools print it.
//
// As a last resort (a server echoing a password in an error), every Secret's value is registered
// and Scrub replaces it in text that reaches output. Values of kWholeWordBelow characters or more
// are masked wherever they occur; shorter ones only as a whole word (not inside a longer run of
// letters and digits), so that a short password does not mangle every message that contains it.
//
// Thread safety: all functions may be called concurrently; a Secret is a value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aq {

class Secret {
 public:
  Secret() = default;
  // Implicit: a string read from a secret source becomes a Secret where it is stored.
  Secret(std::string value);                                 // NOLINT(google-explicit-constructor)
  Secret(const char* value) : Secret(std::string(value)) {}  // NOLINT(google-explicit-constructor)

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  friend bool operator==(const Secret& a, std::string_view b) { return a.value_ == b; }

 private:
  std::string value_;
};

namespace redact {

inline constexpr size_t kWholeWordBelow = 8;
inline constexpr std::string_view kMask = "[redacted]";

// Remembers `secret` so that Scrub hides it (Secret does this itself). Empty values are ignored.
void Register(std::string_view secret);

// `text` with every registered secret replaced by kMask.
std::string Scrub(std::string_view text);

// Forgets every registered value. Tests only.
void ClearForTesting();

}  // namespace redact
}  // namespace aq
