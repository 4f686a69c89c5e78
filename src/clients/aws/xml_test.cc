#include "clients/aws/xml.h"

#include <gtest/gtest.h>

namespace aq::aws::xml {
namespace {

constexpr std::string_view kListing = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix>raw/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents><Key>raw/a&amp;b.json</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified>
    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>12</Size></Contents>
  <Contents><Key>raw/c.json.gz</Key><ETag>"abc-2"</ETag><Size>34</Size><StorageClass>STANDARD</StorageClass></Contents>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>)";

TEST(XmlTest, ExtractsRepeatedElementsAndTheirFields) {
  auto contents = Elements(kListing, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(Text(contents[0], "Key"), "raw/a&b.json");
  EXPECT_EQ(Text(contents[0], "ETag"), "\"9b2cf535f27731c974343645a3985328\"");
  EXPECT_EQ(Text(contents[0], "Size"), "12");
  EXPECT_EQ(Text(contents[1], "Key"), "raw/c.json.gz");
  EXPECT_EQ(Text(kListing, "IsTruncated"), "true");
  EXPECT_EQ(Text(kListing, "NextContinuationToken"),
            "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(XmlTest, DoesNotMatchALongerTagWithTheSamePrefix) {
  EXPECT_EQ(Text("<KeyCount>2</KeyCount><Key>k</Key>", "Key"), "k");
  EXPECT_EQ(Text("<KeyCount>2</KeyCount>", "Key"), std::nullopt);
}

TEST(XmlTest, HandlesAttributesSelfClosingAndMissingElements) {
  EXPECT_EQ(Text(R"(<Error><Code a="1">NoSuchKey</Code></Error>)", "Code"), "NoSuchKey");
  EXPECT_EQ(Text("<Prefix/><Name>b</Name>", "Prefix"), "");
  EXPECT_EQ(Text("<Name>b</Name>", "Missing"), std::nullopt);
  EXPECT_EQ(Text("<Name>unterminated", "Name"), std::nullopt);
  EXPECT_EQ(Elements("<A>1</A><A/><A>3", "A").size(), 2u);
}

TEST(XmlTest, DecodesEntitiesAndCharacterReferences) {
  EXPECT_EQ(Unescape("a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#233;&#x20AC; &bogus; & x"),
            "a <b> \"c\" 'd' \xC3\xA9\xE2\x82\xAC &bogus; & x");
}

TEST(XmlTest, ReadsAnStsResponse) {
  constexpr std::string_view kSts = R"(<AssumeRoleResponse><AssumeRoleResult><Credentials>
    <AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s/k+y</SecretAccessKey>
    <SessionToken>FQoG==</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
  </Credentials></AssumeRoleResult></AssumeRoleResponse>)";
  auto credentials = Elements(kSts, "Credentials");
  ASSERT_EQ(credentials.size(), 1u);
  EXPECT_EQ(Text(credentials[0], "SecretAccessKey"), "s/k+y");
  EXPECT_EQ(Text(credentials[0], "Expiration"), "2030-01-01T00:00:00Z");
}

}  // namespace
}  // namespace aq::aws::xml
