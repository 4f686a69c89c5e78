#include "clients/snowflake/jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/text_format.h"

namespace aq::snowflake {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

int NoPrompt(char*, int, int, void*) { return -1; }  // never ask on a terminal

Result<Pkey> ReadPrivateKey(std::string_view pem, std::string_view passphrase) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return Internal("cannot allocate an OpenSSL buffer");
  std::string pass(passphrase);
  EVP_PKEY* key = pass.empty() ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPrompt, nullptr)
                               : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, pass.data());
  if (key == nullptr) {
    return InvalidArgument(
        "the Snowflake private key is not a readable PEM private key (PKCS#8, or PKCS#1 RSA)" +
        std::string(passphrase.empty() ? "; if it is encrypted, give PRIVATE_KEY_PASSPHRASE"
                                       : ", or PRIVATE_KEY_PASSPHRASE does not decrypt it"));
  }
  Pkey owned(key);
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA)
    return InvalidArgument("the Snowflake private key must be an RSA key (Snowflake signs RS256)");
  return owned;
}

Result<std::string> Fingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return Internal("cannot encode the public key");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(length), digest);
  OPENSSL_free(der);
  return "SHA256:" +
         Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace

Result<std::string> PublicKeyFingerprint(std::string_view private_key_pem,
                                         std::string_view passphrase) {
  AQ_ASSIGN_OR_RETURN(Pkey key, ReadPrivateKey(private_key_pem, passphrase));
  return Fingerprint(key.get());
}

Result<std::string> MakeJwt(const JwtClaims& claims, std::string_view private_key_pem,
                            std::string_view passphrase) {
  AQ_ASSIGN_OR_RETURN(Pkey key, ReadPrivateKey(private_key_pem, passphrase));
  AQ_ASSIGN_OR_RETURN(std::string fingerprint, Fingerprint(key.get()));
  std::string subject = Upper(claims.account) + "." + Upper(claims.user);
  std::string payload = "{\"iss\":";
  AppendJsonString(subject + "." + fingerprint, &payload);
  payload += ",\"sub\":";
  AppendJsonString(subject, &payload);
  payload += ",\"iat\":" + std::to_string(claims.issued_at) +
             ",\"exp\":" + std::to_string(claims.issued_at + claims.lifetime_seconds) + "}";
  std::string signing_input =
      Base64Encode(R"({"alg":"RS256","typ":"JWT"})", true) + "." + Base64Encode(payload, true);

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return Internal("cannot sign the Snowflake login token with the private key");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return Internal("cannot sign the Snowflake login token with the private key");
  }
  signature.resize(length);
  return signing_input + "." + Base64Encode(signature, true);
}

}  // namespace aq::snowflake
