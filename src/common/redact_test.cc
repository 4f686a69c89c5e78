#include "common/redact.h"

#include <gtest/gtest.h>

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

TEST_F(RedactTest, IgnoresValuesTooShortToBeSecrets) {
  Register("");
  Register("ab");
  EXPECT_EQ(Scrub("ab cab"), "ab cab");
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
