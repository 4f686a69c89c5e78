#include "formats/csv_writer.h"

#include <gtest/gtest.h>

namespace aq {
namespace {

std::string Field(std::string_view value) {
  std::string out;
  AppendCsvField(value, &out);
  return out;
}

TEST(FilesCsvTest, PlainValuesAreNotQuoted) {
  EXPECT_EQ(Field("abc"), "abc");
  EXPECT_EQ(Field("12.5"), "12.5");
  EXPECT_EQ(Field("2024-01-02 03:04:05"), "2024-01-02 03:04:05");
  EXPECT_EQ(Field(" padded "), " padded ");  // spaces are data, not syntax
  EXPECT_EQ(Field("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(FilesCsvTest, EmptyStringIsQuotedSoItDiffersFromNull) { EXPECT_EQ(Field(""), "\"\""); }

TEST(FilesCsvTest, SpecialCharactersForceQuotesAndQuotesAreDoubled) {
  EXPECT_EQ(Field("a,b"), "\"a,b\"");
  EXPECT_EQ(Field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Field("\""), "\"\"\"\"");
  EXPECT_EQ(Field("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(Field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(Field("[1,2]"), "\"[1,2]\"");
}

TEST(FilesCsvTest, PostgresEndOfDataMarkerIsQuoted) {
  EXPECT_EQ(Field("\\."), "\"\\.\"");
  EXPECT_EQ(Field("\\.x"), "\\.x");
}

TEST(FilesCsvTest, HeaderLine) {
  std::string out;
  AppendCsvHeader({"location_id", "odd,name", "value"}, &out);
  EXPECT_EQ(out, "location_id,\"odd,name\",value\n");
}

}  // namespace
}  // namespace aq
