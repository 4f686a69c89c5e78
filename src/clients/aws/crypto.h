// The few cryptographic primitives SigV4 needs, on OpenSSL.
//
// Thread safety: pure functions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace aq::aws {

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);
// Raw 32-byte SHA-256 digest.
std::string Sha256(std::string_view data);
// Lower-case hex SHA-256, as SigV4 writes payload and request hashes.
std::string Sha256Hex(std::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

// Incremental SHA-256, for streams too large to hold.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  // Lower-case hex of everything Update was given; call once.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// SHA-256 of the empty string, the payload hash of every body-less request.
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace aq::aws
