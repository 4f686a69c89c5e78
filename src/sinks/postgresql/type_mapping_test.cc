#include "sinks/postgresql/type_mapping.h"

#include <gtest/gtest.h>

namespace aq::postgresql {
namespace {

TEST(PostgresTypeMapping, DeclaredTypes) {
  EXPECT_STREQ(Types().DeclaredType(Type::kBool), "BOOLEAN");
  EXPECT_STREQ(Types().DeclaredType(Type::kInt64), "BIGINT");
  EXPECT_STREQ(Types().DeclaredType(Type::kDouble), "DOUBLE PRECISION");
  EXPECT_STREQ(Types().DeclaredType(Type::kString), "TEXT");
  EXPECT_STREQ(Types().DeclaredType(Type::kTimestamp), "TIMESTAMPTZ");
  EXPECT_STREQ(Types().DeclaredType(Type::kJson), "JSONB");
  EXPECT_STREQ(Types().DeclaredType(Type::kNull), "TEXT");
}

TEST(PostgresTypeMapping, FormatTypeRoundTrip) {
  // format_type() spellings of the declared types map back to the same aqpipe type.
  EXPECT_EQ(Types().TypeOfDeclared({"boolean"}), Type::kBool);
  EXPECT_EQ(Types().TypeOfDeclared({"bigint"}), Type::kInt64);
  EXPECT_EQ(Types().TypeOfDeclared({"double precision"}), Type::kDouble);
  EXPECT_EQ(Types().TypeOfDeclared({"text"}), Type::kString);
  EXPECT_EQ(Types().TypeOfDeclared({"timestamp with time zone"}), Type::kTimestamp);
  EXPECT_EQ(Types().TypeOfDeclared({"jsonb"}), Type::kJson);
  EXPECT_EQ(Types().TypeOfDeclared({"BIGINT"}), Type::kInt64);
}

TEST(PostgresTypeMapping, NarrowOrForeignTypesHoldNothing) {
  for (const char* type : {"integer", "smallint", "real", "numeric(10,2)", "character varying(20)",
                           "timestamp without time zone", "date", "uuid"}) {
    EXPECT_EQ(Types().TypeOfDeclared({type}), Type::kNull) << type;
    EXPECT_FALSE(HoldsLosslessly(Types().TypeOfDeclared({type}), Type::kInt64)) << type;
  }
}

TEST(PostgresTypeMapping, Holds) {
  EXPECT_TRUE(HoldsLosslessly(Type::kInt64, Type::kInt64));
  EXPECT_TRUE(HoldsLosslessly(Type::kDouble, Type::kInt64));
  EXPECT_FALSE(HoldsLosslessly(Type::kInt64, Type::kDouble));
  EXPECT_FALSE(HoldsLosslessly(Type::kBool, Type::kString));
  EXPECT_FALSE(HoldsLosslessly(Type::kJson, Type::kString));
  EXPECT_FALSE(HoldsLosslessly(Type::kTimestamp, Type::kString));
  for (Type need :
       {Type::kBool, Type::kInt64, Type::kDouble, Type::kString, Type::kTimestamp, Type::kJson}) {
    EXPECT_TRUE(HoldsLosslessly(Type::kString, need));
  }
}

TEST(PostgresQuoting, Identifiers) {
  EXPECT_EQ(QuoteIdentifier("value"), "\"value\"");
  EXPECT_EQ(QuoteIdentifier("Mixed Case"), "\"Mixed Case\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdentifier("drop table x; --"), "\"drop table x; --\"");
  EXPECT_EQ(QualifiedName("my schema", "t\"1"), "\"my schema\".\"t\"\"1\"");
}

TEST(PostgresQuoting, Literals) {
  EXPECT_EQ(QuoteLiteral("abc"), "'abc'");
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QuoteLiteral(""), "''");
}

TEST(PostgresQuoting, KeyIndexNameFitsTheIdentifierLimit) {
  EXPECT_EQ(KeyIndexName("measurements"), "measurements_natural_key");
  std::string long_a(60, 'a');
  std::string long_b = long_a + "b";
  EXPECT_LE(KeyIndexName(long_a).size(), kMaxIdentifierBytes);
  EXPECT_NE(KeyIndexName(long_a), KeyIndexName(long_b));
  // Never cuts a UTF-8 character in half.
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xc3\xa9";  // é
  std::string name = KeyIndexName(accents);
  EXPECT_LE(name.size(), kMaxIdentifierBytes);
  EXPECT_EQ(name.find('_'), (name.find('_') / 2) * 2);  // the prefix is whole 2-byte characters
}

std::string Csv(std::string_view value) {
  std::string out;
  AppendCsvField(value, &out);
  return out;
}

TEST(PostgresCsv, Fields) {
  EXPECT_EQ(Csv("pm25"), "pm25");
  EXPECT_EQ(Csv(""), "\"\"");  // an empty string, not NULL
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Csv("cr\r"), "\"cr\r\"");
  EXPECT_EQ(Csv("\\."), "\"\\.\"");  // never the end-of-data marker
  EXPECT_EQ(Csv("µg/m³"), "µg/m³");
  EXPECT_EQ(Csv(" padded "), " padded ");
}

TEST(PostgresCsv, ArrayLiteral) {
  EXPECT_EQ(ArrayLiteral({}), "{}");
  EXPECT_EQ(ArrayLiteral({"a", "b,c"}), "{\"a\",\"b,c\"}");
  EXPECT_EQ(ArrayLiteral({"q\"uote", "back\\slash", ""}), "{\"q\\\"uote\",\"back\\\\slash\",\"\"}");
}

}  // namespace
}  // namespace aq::postgresql
