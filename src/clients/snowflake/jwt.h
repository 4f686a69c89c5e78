// Key-pair authentication for Snowflake: the RS256 JSON Web Token that the
// login request carries as TOKEN with AUTHENTICATOR=SNOWFLAKE_JWT.
//
// Claims, as Snowflake's drivers send them:
//   iss = ACCOUNT.USER.SHA256:<base64 of the SHA-256 of the public key's DER
//   (SubjectPublicKeyInfo)> sub = ACCOUNT.USER iat = now, exp = now + lifetime (60 minutes at most;
//   Snowflake refuses longer)
// ACCOUNT and USER are upper-cased; ACCOUNT is the account locator without
// region or cloud ("xy12345", not "xy12345.eu-west-1").
//
// The private key is a PEM (PKCS#8 "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"
// with a passphrase, or PKCS#1 "RSA PRIVATE KEY"). Errors never quote it.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aq::snowflake {

struct JwtClaims {
  std::string account;  // as given; upper-cased in the token
  std::string user;
  int64_t issued_at = 0;            // seconds since the epoch
  int64_t lifetime_seconds = 3600;  // exp = issued_at + lifetime_seconds
};

// "SHA256:<base64>" of the public half of `private_key_pem`.
Result<std::string> PublicKeyFingerprint(std::string_view private_key_pem,
                                         std::string_view passphrase);

// header.payload.signature, each base64url without padding.
Result<std::string> MakeJwt(const JwtClaims& claims, std::string_view private_key_pem,
                            std::string_view passphrase);

}  // namespace aq::snowflake
