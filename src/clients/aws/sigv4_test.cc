// SigV4 against AWS's published vectors: the generic test suite
// (aws-sig-v4-test-suite, credential scope 20150830/us-east-1/service) and the
// S3 header-signing examples of the S3 API reference.
#include "clients/aws/sigv4.h"

#include <gtest/gtest.h>

#include "clients/aws/crypto.h"

namespace aq::aws {
namespace {

constexpr char kSuiteKeyId[] = "AKIDEXAMPLE";
constexpr char kSuiteSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kSuiteDate[] = "20150830T123600Z";

CanonicalInput SuiteGet(std::string path, http::QueryParams query = {}) {
  CanonicalInput input;
  input.method = "GET";
  input.path = std::move(path);
  input.query = std::move(query);
  input.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kSuiteDate}};
  input.payload_hash = std::string(kEmptySha256);
  return input;
}

SignatureParts SignSuite(const CanonicalInput& input) {
  return ComputeSignature(input, kSuiteDate, "us-east-1", "service", kSuiteKeyId, kSuiteSecret,
                          true);
}

TEST(SigV4Test, CryptoPrimitives) {
  EXPECT_EQ(Sha256Hex(""), kEmptySha256);
  EXPECT_EQ(Sha256Hex("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  Sha256Hasher hasher;
  hasher.Update("Welcome to ");
  hasher.Update("Amazon S3.");
  EXPECT_EQ(hasher.HexDigest(), "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SigV4Test, SuiteGetVanilla) {
  SignatureParts parts = SignSuite(SuiteGet("/"));
  EXPECT_EQ(
      parts.canonical_request,
      "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
          std::string(kEmptySha256));
  EXPECT_EQ(parts.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(parts.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, SuiteGetVanillaQueryOrderKeyCase) {
  SignatureParts parts = SignSuite(SuiteGet("/", {{"Param2", "value2"}, {"Param1", "value1"}}));
  EXPECT_EQ(parts.canonical_request.substr(0, parts.canonical_request.find('\n', 6)),
            "GET\n/\nParam1=value1&Param2=value2");
  EXPECT_EQ(Sha256Hex(parts.canonical_request),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
  EXPECT_EQ(parts.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4Test, SuiteGetVanillaQueryOrderValue) {
  SignatureParts parts = SignSuite(SuiteGet("/", {{"Param1", "value2"}, {"Param1", "value1"}}));
  EXPECT_EQ(parts.signature, "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694");
}

TEST(SigV4Test, SuiteGetUnreserved) {
  SignatureParts parts =
      SignSuite(SuiteGet("/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
  EXPECT_EQ(parts.signature, "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
}

TEST(SigV4Test, SuitePostXWwwFormUrlencoded) {
  CanonicalInput input;
  input.method = "POST";
  input.path = "/";
  input.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Host", "example.amazonaws.com"},
                   {"X-Amz-Date", kSuiteDate}};
  input.payload_hash = Sha256Hex("Param1=value1");
  SignatureParts parts = SignSuite(input);
  EXPECT_EQ(input.payload_hash, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(Sha256Hex(parts.canonical_request),
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
  EXPECT_EQ(parts.signed_headers, "content-type;host;x-amz-date");
  EXPECT_EQ(parts.signature, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(SigV4Test, HeaderValuesAreTrimmedAndSpacesCollapsed) {
  CanonicalInput input = SuiteGet("/");
  input.headers.emplace_back("My-Header1", "  value1  a   b ");
  SignatureParts parts = SignSuite(input);
  EXPECT_NE(parts.canonical_request.find("\nmy-header1:value1 a b\n"), std::string::npos);
}

// S3 API reference, "Signature Calculations for the Authorization Header":
// GET Object with a Range header, and GET Bucket with a query.
constexpr char kS3KeyId[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kS3Secret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

TEST(SigV4Test, S3GetObjectExample) {
  CanonicalInput input;
  input.method = "GET";
  input.path = "/test.txt";
  input.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                   {"Range", "bytes=0-9"},
                   {"x-amz-content-sha256", std::string(kEmptySha256)},
                   {"x-amz-date", "20130524T000000Z"}};
  input.payload_hash = std::string(kEmptySha256);
  SignatureParts parts =
      ComputeSignature(input, "20130524T000000Z", "us-east-1", "s3", kS3KeyId, kS3Secret, false);
  EXPECT_EQ(Sha256Hex(parts.canonical_request),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(parts.signed_headers, "host;range;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(parts.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, S3ListObjectsExampleThroughSignRequest) {
  http::HttpRequest request;
  request.url = "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J";
  AwsCredentials credentials{kS3KeyId, kS3Secret, "", std::nullopt, "test"};
  SignOptions options;
  options.region = "us-east-1";
  options.service = "s3";
  options.now = Clock::from_time_t(1369353600);  // 2013-05-24T00:00:00Z
  ASSERT_TRUE(SignRequest(request, credentials, options).ok());
  auto authorization = http::FindHeader(request.headers, "authorization");
  ASSERT_TRUE(authorization.has_value());
  EXPECT_EQ(*authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-content-sha256"), std::string(kEmptySha256));
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-date"), "20130524T000000Z");
}

TEST(SigV4Test, SessionTokenIsSignedAndS3PathIsNotEncodedTwice) {
  http::HttpRequest request;
  request.method = "PUT";
  request.url = "http://127.0.0.1:5000/bucket/raw/a%20b.json";
  request.body = "{}";
  AwsCredentials credentials{"AKID", "SECRET", "TOKEN", std::nullopt, "test"};
  SignOptions options;
  options.region = "eu-west-1";
  options.service = "s3";
  options.payload_hash = std::string(kUnsignedPayload);
  ASSERT_TRUE(SignRequest(request, credentials, options).ok());
  EXPECT_EQ(http::FindHeader(request.headers, "host"), "127.0.0.1:5000");
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-security-token"), "TOKEN");
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_NE(http::FindHeader(request.headers, "authorization")->find("x-amz-security-token"),
            std::string::npos);
  // Re-signing replaces, never duplicates, the signature headers.
  ASSERT_TRUE(SignRequest(request, credentials, options).ok());
  int authorizations = 0;
  for (const auto& header : request.headers) authorizations += header.first == "authorization";
  EXPECT_EQ(authorizations, 1);
}

TEST(SigV4Test, FormatsAmzDateInUtc) {
  EXPECT_EQ(FormatAmzDate(Clock::from_time_t(1440938160)), "20150830T123600Z");
}

}  // namespace
}  // namespace aq::aws
