#include "common/redact.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <type_traits>

namespace aq::redact {
namespace {

class RedactTest : public ::testing::Test {
 protected:
  void SetUp() override { ClearForTesting(); }
  void TearDown() override { ClearForTesting(); }
};

TEST_F(RedactTest, ScrubsEveryOccurrence) {
  Register("hunter22");
  EXPECT_EQ(Scrub("password hunter22 and again hunter22."),
            "password [redacted] and again [redacted].");
}

TEST_F(RedactTest, LeavesOtherTextAlone) {
  Register("s3cr3t-value");
  EXPECT_EQ(Scrub("nothing to hide here"), "nothing to hide here");
}

TEST_F(RedactTest, IgnoresEmptyValues) {
  Register("");
  EXPECT_EQ(Scrub("ab cab"), "ab cab");
}

TEST_F(RedactTest, ShortSecretIsMaskedAsAWholeWordOnly) {
  // A 3-character password used to be never masked; masking it inside words mangled messages.
  Register("pw1");
  EXPECT_EQ(Scrub("login with pw1 failed"), "login with [redacted] failed");
  EXPECT_EQ(Scrub("password=pw1&user=x"), "password=[redacted]&user=x");
  EXPECT_EQ(Scrub("s3://bucket/pw12/ and apw1"), "s3://bucket/pw12/ and apw1");
}

TEST_F(RedactTest, LongSecretIsMaskedEvenInsideAWord) {
  Register("AKIAsecretvalue123");
  EXPECT_EQ(Scrub("xAKIAsecretvalue123y"), "x[redacted]y");
}

TEST(SecretTest, HasNoConversionToText) {
  // By construction: a Secret cannot be appended to a message or passed where text is expected.
  static_assert(!std::is_convertible_v<Secret, std::string>);
  static_assert(!std::is_convertible_v<Secret, std::string_view>);
  static_assert(!std::is_convertible_v<Secret, const char*>);
  Secret secret("hunter2-password");
  EXPECT_EQ(secret.reveal(), "hunter2-password");
  EXPECT_TRUE(secret == "hunter2-password");
  EXPECT_TRUE(Secret().empty());
}

TEST_F(RedactTest, SecretRegistersItsValueForTheLastResortFilter) {
  Secret secret(std::string("hunter2-password"));
  EXPECT_EQ(Scrub("server said: bad password hunter2-password"),
            "server said: bad password [redacted]");
}

TEST_F(RedactTest, MasksTheLongerOfOverlappingSecretsWhole) {
  Register("abcd");
  Register("abcdefgh");
  EXPECT_EQ(Scrub("x abcdefgh y abcd"), "x [redacted] y [redacted]");
}

TEST_F(RedactTest, MaskContainingASecretDoesNotLoop) {
  Register("redacted");
  EXPECT_EQ(Scrub("redacted"), "[redacted]");
}

}  // namespace
}  // namespace aq::redact
