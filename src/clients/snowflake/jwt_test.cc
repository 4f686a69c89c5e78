#include "clients/snowflake/jwt.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>

#include "clients/snowflake/encoding.h"
#include "common/text_format.h"

namespace aq::snowflake {
namespace {

struct KeyPair {
  std::string private_pem;
  std::string encrypted_pem;  // passphrase "open sesame"
  std::string public_der;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

const KeyPair& TestKey() {
  static const KeyPair pair = [] {
    KeyPair out;
    EVP_PKEY* key = EVP_RSA_gen(2048);
    BIO* plain = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(plain, key, nullptr, nullptr, 0, nullptr, nullptr);
    out.private_pem = BioText(plain);
    BIO_free(plain);
    BIO* encrypted = BIO_new(BIO_s_mem());
    char pass[] = "open sesame";
    PEM_write_bio_PKCS8PrivateKey(encrypted, key, EVP_aes_256_cbc(), pass, sizeof pass - 1, nullptr,
                                  nullptr);
    out.encrypted_pem = BioText(encrypted);
    BIO_free(encrypted);
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key, &der);
    out.public_der.assign(reinterpret_cast<char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
    EVP_PKEY_free(key);
    return out;
  }();
  return pair;
}

std::string ExpectedFingerprint() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  const std::string& der = TestKey().public_der;
  SHA256(reinterpret_cast<const unsigned char*>(der.data()), der.size(), digest);
  return "SHA256:" + Base64Encode(std::string(reinterpret_cast<char*>(digest), sizeof digest));
}

bool Verifies(const std::string& signing_input, const std::string& signature) {
  const std::string& der = TestKey().public_der;
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

TEST(SnowflakeJwt, ClaimsHeaderAndSignature) {
  JwtClaims claims{"xy12345", "loader", 1700000000, 3600};
  auto jwt = MakeJwt(claims, TestKey().private_pem, "");
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  size_t dot1 = jwt->find('.'), dot2 = jwt->rfind('.');
  ASSERT_NE(dot1, dot2);
  EXPECT_EQ(jwt->find_first_of("+/="), std::string::npos);  // base64url, no padding
  EXPECT_EQ(*Base64Decode(jwt->substr(0, dot1)), R"({"alg":"RS256","typ":"JWT"})");
  std::string payload = *Base64Decode(jwt->substr(dot1 + 1, dot2 - dot1 - 1));
  EXPECT_EQ(payload, "{\"iss\":\"XY12345.LOADER." + ExpectedFingerprint() +
                         "\",\"sub\":\"XY12345.LOADER\",\"iat\":1700000000,\"exp\":1700003600}");
  EXPECT_TRUE(Verifies(jwt->substr(0, dot2), *Base64Decode(jwt->substr(dot2 + 1))));
  EXPECT_FALSE(Verifies(jwt->substr(0, dot2) + "x", *Base64Decode(jwt->substr(dot2 + 1))));
}

TEST(SnowflakeJwt, FingerprintIsSha256OfPublicKeyDer) {
  auto fingerprint = PublicKeyFingerprint(TestKey().private_pem, "");
  ASSERT_TRUE(fingerprint.ok());
  EXPECT_EQ(*fingerprint, ExpectedFingerprint());
  EXPECT_EQ(fingerprint->size(), 7u + 44u);  // "SHA256:" + base64 of 32 bytes
}

TEST(SnowflakeJwt, EncryptedKeyNeedsItsPassphrase) {
  auto good = PublicKeyFingerprint(TestKey().encrypted_pem, "open sesame");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(*good, ExpectedFingerprint());
  auto none = MakeJwt({"a", "b", 0, 60}, TestKey().encrypted_pem, "");
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.status().message().find("PRIVATE_KEY_PASSPHRASE"), std::string::npos);
  auto wrong = MakeJwt({"a", "b", 0, 60}, TestKey().encrypted_pem, "wrong");
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
}

TEST(SnowflakeJwt, GarbageKeyIsRefusedWithoutQuotingIt) {
  auto result = MakeJwt({"a", "b", 0, 60}, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n", "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().find("c2VjcmV0"), std::string::npos);
}

TEST(SnowflakeEncoding, Base64RoundTripsAndRequestIdsAreUuids) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(*Base64Decode(Base64Encode(text)), text);
    EXPECT_EQ(*Base64Decode(Base64Encode(text, true)), text);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("\xfb\xff", true), "-_8");
  EXPECT_FALSE(Base64Decode("Zm9v!").ok());
  std::string id = NewRequestId();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(id, NewRequestId());
}

}  // namespace
}  // namespace aq::snowflake
