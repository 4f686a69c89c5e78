#include "readers/csv_records.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace aq {
namespace {

// Every record of `csv` as "field|field" with NULL as <null>, read `max_read` bytes at a time.
std::vector<std::string> Records(const std::string& csv, size_t max_read = SIZE_MAX) {
  CsvRecordReader reader(testing::MakeStream(csv, max_read), "part.csv");
  std::vector<std::string> out;
  std::vector<CsvField> fields;
  while (true) {
    Result<bool> more = reader.Next(&fields);
    EXPECT_TRUE(more.ok()) << more.status().message();
    if (!more.ok() || !*more) break;
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
      line += (i ? "|" : "") +
              (fields[i].IsNull() ? std::string("<null>") : std::string(fields[i].text));
    }
    out.push_back(line);
  }
  return out;
}

TEST(CsvRecordReaderTest, NullIsAnEmptyUnquotedFieldAndEmptyStringIsQuoted) {
  EXPECT_EQ(Records("a,b,c\n1,,\"\"\n"), (std::vector<std::string>{"a|b|c", "1|<null>|"}));
}

TEST(CsvRecordReaderTest, QuotedFieldsHoldCommasQuotesAndNewlines) {
  const std::string csv = "x,y\n\"say \"\"hi\"\"\",\"a,b\r\nc\"\n\"\\.\",z\n";
  const std::vector<std::string> want = {"x|y", "say \"hi\"|a,b\r\nc", "\\.|z"};
  EXPECT_EQ(Records(csv), want);
  EXPECT_EQ(Records(csv, 1), want);  // one byte per read: every state crosses a refill
}

TEST(CsvRecordReaderTest, LastRecordWithoutNewline) {
  EXPECT_EQ(Records("a,b\n1,2"), (std::vector<std::string>{"a|b", "1|2"}));
  EXPECT_EQ(Records("a,b\n1,"), (std::vector<std::string>{"a|b", "1|<null>"}));
}

TEST(CsvRecordReaderTest, TruncatedQuoteIsCorruptAndNamesTheFile) {
  CsvRecordReader reader(testing::MakeStream("a\n\"open"), "part-1.csv.gz");
  std::vector<CsvField> fields;
  ASSERT_TRUE(reader.Next(&fields).ok());
  Result<bool> more = reader.Next(&fields);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(more.status().message().find("part-1.csv.gz: record 2"), std::string::npos)
      << more.status().message();
}

TEST(CsvRecordReaderTest, TextAfterClosingQuoteIsCorrupt) {
  CsvRecordReader reader(testing::MakeStream("\"a\"b\n"), "p");
  std::vector<CsvField> fields;
  EXPECT_EQ(reader.Next(&fields).status().code(), StatusCode::kCorruptInput);
}

}  // namespace
}  // namespace aq
