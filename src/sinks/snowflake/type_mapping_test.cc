#include "sinks/snowflake/type_mapping.h"

#include <gtest/gtest.h>

namespace aq::snowflake {
namespace {

TEST(SnowflakeTypeMapping, DeclaredTypesAndBack) {
  EXPECT_STREQ(Types().DeclaredType(Type::kInt64), "NUMBER(38,0)");
  EXPECT_STREQ(Types().DeclaredType(Type::kDouble), "FLOAT");
  EXPECT_STREQ(Types().DeclaredType(Type::kBool), "BOOLEAN");
  EXPECT_STREQ(Types().DeclaredType(Type::kString), "VARCHAR");
  EXPECT_STREQ(Types().DeclaredType(Type::kTimestamp), "TIMESTAMP_TZ");
  EXPECT_STREQ(Types().DeclaredType(Type::kJson), "VARIANT");
  EXPECT_EQ(Types().TypeOfDeclared({"NUMBER", 0}), Type::kInt64);
  EXPECT_EQ(Types().TypeOfDeclared({"NUMBER", 2}), Type::kNull);
  EXPECT_EQ(Types().TypeOfDeclared({"FLOAT", 0}), Type::kDouble);
  EXPECT_EQ(Types().TypeOfDeclared({"TEXT", 0}), Type::kString);
  EXPECT_EQ(Types().TypeOfDeclared({"TIMESTAMP_TZ", 9}), Type::kTimestamp);
  EXPECT_EQ(Types().TypeOfDeclared({"TIMESTAMP_NTZ", 9}), Type::kNull);
  EXPECT_EQ(Types().TypeOfDeclared({"variant", 0}), Type::kJson);
  EXPECT_TRUE(HoldsLosslessly(Type::kDouble, Type::kInt64));
  EXPECT_TRUE(HoldsLosslessly(Type::kString, Type::kTimestamp));
  EXPECT_FALSE(HoldsLosslessly(Type::kInt64, Type::kDouble));
  EXPECT_FALSE(HoldsLosslessly(Type::kTimestamp, Type::kString));
  EXPECT_EQ(CastFromText("C1", Type::kTimestamp), "C1::TIMESTAMP_TZ");
  EXPECT_EQ(CastFromText("C2", Type::kJson), "PARSE_JSON(C2)");
  EXPECT_EQ(CastFromText("C3", Type::kString), "C3");
}

TEST(SnowflakeTypeMapping, IdentifiersFoldSimpleNamesToUpperCase) {
  EXPECT_EQ(StoredName("location_id"), "LOCATION_ID");
  EXPECT_EQ(StoredName("_x$1"), "_X$1");
  EXPECT_EQ(StoredName("Air Quality"), "Air Quality");
  EXPECT_EQ(StoredName("1st"), "1st");
  EXPECT_EQ(StoredName("MIXED_case"), "MIXED_case");
  for (const char* name : {"location_id", "_x$1", "Air Quality", "1st", "MIXED_case"}) {
    EXPECT_EQ(RunName(StoredName(name)), name);
  }
  EXPECT_EQ(RunName("NOTE"), "note");  // a column created unquoted by someone else
  EXPECT_EQ(QuoteIdentifier("date_utc"), "\"DATE_UTC\"");
  EXPECT_EQ(QuoteIdentifier("select"), "\"SELECT\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
}

TEST(SnowflakeTypeMapping, LiteralsEscapeQuotesAndBackslashes) {
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QuoteLiteral("a\\b"), "'a\\\\b'");
  EXPECT_EQ(QuoteLiteral(std::string_view("x\0y", 3)), "'x\\0y'");
  EXPECT_EQ(QuoteLiteral("line\nbreak"), "'line\nbreak'");
}

}  // namespace
}  // namespace aq::snowflake
