#include "readers/record_format.h"

#include <gtest/gtest.h>

#include <string>

namespace aq {
namespace {

TEST(RecordFormatTest, BomLengthIsThreeOnlyForTheUtf8Bom) {
  EXPECT_EQ(BomLength("\xEF\xBB\xBF{}"), 3u);
  EXPECT_EQ(BomLength("\xEF\xBB\xBF"), 3u);
  EXPECT_EQ(BomLength("\xEF\xBB"), 0u);
  EXPECT_EQ(BomLength("{}"), 0u);
  EXPECT_EQ(BomLength(""), 0u);
}

TEST(RecordFormatTest, CompactObjectPerLineIsJsonLines) {
  EXPECT_EQ(SniffRecordFormat("{\"a\":1}\n{\"a\":2}\n"), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("{\"a\":1}"), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("\xEF\xBB\xBF{\"a\":1}\r\n{\"a\":2}\r\n"), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("\n\n  {\"a\":1}\n"), RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, ArrayIsDetectedEvenWhenPrettyOrAfterBom) {
  EXPECT_EQ(SniffRecordFormat("[{\"a\":1}]"), RecordFormat::kJsonArray);
  EXPECT_EQ(SniffRecordFormat("\xEF\xBB\xBF\n  [\n  {\n    \"a\": 1\n  }\n]\n"),
            RecordFormat::kJsonArray);
}

TEST(RecordFormatTest, EnvelopeIsDetectedWithMetaBeforeOrAfterResults) {
  EXPECT_EQ(SniffRecordFormat("{\"meta\": {\"found\": 2}, \"results\": [{\"a\": 1}]}"),
            RecordFormat::kEnvelope);
  EXPECT_EQ(SniffRecordFormat("{\n  \"results\": [\n    {\"a\": 1}\n  ],\n  \"meta\": {}\n}\n"),
            RecordFormat::kEnvelope);
  // The array may be cut off by the end of the head.
  EXPECT_EQ(SniffRecordFormat("{\"meta\": {}, \"results\": [{\"a\": 1}, {\"a\""),
            RecordFormat::kEnvelope);
}

TEST(RecordFormatTest, ResultsThatIsNotAnArrayIsNotAnEnvelope) {
  EXPECT_EQ(SniffRecordFormat("{\"results\": 3, \"a\": 1}\n{\"results\": 4}\n"),
            RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, NestedResultsKeyDoesNotMakeAnEnvelope) {
  EXPECT_EQ(SniffRecordFormat("{\"meta\": {\"results\": [1]}, \"a\": 1}\n"),
            RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, PrettyObjectsOneAfterAnotherAreConcatenated) {
  EXPECT_EQ(SniffRecordFormat("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n"), RecordFormat::kConcatenated);
}

TEST(RecordFormatTest, FirstRecordLongerThanTheHead) {
  // One long line with no newline in the head: JSON Lines.
  EXPECT_EQ(SniffRecordFormat("{\"a\": \"" + std::string(1000, 'x')), RecordFormat::kJsonLines);
  // A big pretty object: concatenated.
  EXPECT_EQ(SniffRecordFormat("{\n  \"a\": \"" + std::string(1000, 'x')),
            RecordFormat::kConcatenated);
}

TEST(RecordFormatTest, EmptyOrNonJsonInputIsJsonLinesSoEachLineIsQuarantined) {
  EXPECT_EQ(SniffRecordFormat(""), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("   \n"), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("hello world\n"), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("id,value\n1,2\n"), RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, FormatNamesAreDistinct) {
  EXPECT_STREQ(RecordFormatName(RecordFormat::kJsonLines), "json-lines");
  EXPECT_STREQ(RecordFormatName(RecordFormat::kJsonArray), "json-array");
  EXPECT_STREQ(RecordFormatName(RecordFormat::kEnvelope), "api-envelope");
  EXPECT_STREQ(RecordFormatName(RecordFormat::kConcatenated), "concatenated-json");
}

const char* kGood = "{\"location_id\": 1, \"value\": 2}";

TEST(RecordFormatTest, JsonLinesWithBrokenFirstLineIsStillJsonLines) {
  std::string rest = std::string(kGood) + "\n" + kGood + "\n" + kGood + "\n";
  for (std::string first : {"{\"location_id\": 1, \"val", "{\"location_id\": 1,", "{",
                            "[{\"a\":", "{\"a\": [1, {\"b\"", "\"", "}", "[", "{{{{"}) {
    EXPECT_EQ(SniffRecordFormat(first + "\n" + rest), RecordFormat::kJsonLines) << first;
  }
}

TEST(RecordFormatTest, JsonLinesWithBrokenFirstLineAndRecordsLongerThanTheHead) {
  std::string long_record = "{\"a\": \"" + std::string(1000, 'x');
  EXPECT_EQ(SniffRecordFormat("{\"a\": 1, \"b\n" + long_record), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat("{\"a\": [1,\n\n" + long_record), RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, JsonLinesWhoseRecordsHaveAResultsArrayAreJsonLines) {
  std::string line = "{\"location_id\": 1, \"results\": [1, 2]}\n";
  EXPECT_EQ(SniffRecordFormat(line + line + line), RecordFormat::kJsonLines);
  EXPECT_EQ(SniffRecordFormat(line + line), RecordFormat::kJsonLines);
}

TEST(RecordFormatTest, OneLineEnvelopeAloneIsStillAnEnvelope) {
  EXPECT_EQ(SniffRecordFormat("{\"meta\": {}, \"results\": [{\"a\": 1}, {\"a\": 2}]}\n"),
            RecordFormat::kEnvelope);
}

TEST(RecordFormatTest, PrettyArrayOfCompactRecordsIsAnArray) {
  EXPECT_EQ(SniffRecordFormat("[\n{\"a\":1},\n{\"a\":2},\n{\"a\":3}\n]\n"),
            RecordFormat::kJsonArray);
  EXPECT_EQ(SniffRecordFormat("[\n{\"a\":1}\n]\n"), RecordFormat::kJsonArray);
}

TEST(RecordFormatTest, PrettyEnvelopeWithCompactRecordsIsAnEnvelope) {
  EXPECT_EQ(SniffRecordFormat("{\n  \"results\": [\n    {\"a\": 1},\n    {\"a\": 2}\n  ]\n}\n"),
            RecordFormat::kEnvelope);
}

TEST(RecordFormatTest, Utf16IsRecognisedByItsByteOrderMarkOrItsNuls) {
  EXPECT_TRUE(LooksLikeUtf16("\xFF\xFE{\0"));
  EXPECT_TRUE(LooksLikeUtf16("\xFE\xFF\0{"));
  EXPECT_TRUE(LooksLikeUtf16(std::string("{\0\"\0a\0\"\0", 8)));
  EXPECT_TRUE(LooksLikeUtf16(std::string("\0{\0\"\0a\0\"", 8)));
  EXPECT_FALSE(LooksLikeUtf16("{\"a\": 1}\n"));
  EXPECT_FALSE(LooksLikeUtf16("\xEF\xBB\xBF{\"a\": 1}"));
  EXPECT_FALSE(LooksLikeUtf16(""));
  EXPECT_FALSE(LooksLikeUtf16(std::string("{\0", 2)));
}

}  // namespace
}  // namespace aq
