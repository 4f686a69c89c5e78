#include "sinks/sink_factory.h"

#include <gtest/gtest.h>

#include <set>

#include "sinks/sink_registry.h"

namespace aq {
namespace {

std::string SpecAnswering(const std::string& warehouse) {
  for (const SinkSpec& spec : RegisteredSinks()) {
    if (spec.AnswersTo(warehouse)) return spec.name;
  }
  return "";
}

TEST(SinkRegistry, EachWarehouseValueFindsItsOwnSpec) {
  EXPECT_EQ(SpecAnswering("sqlite:aqpipe.db"), "sqlite");
  EXPECT_EQ(SpecAnswering("sqlite://x.db"), "sqlite");
  EXPECT_EQ(SpecAnswering("postgresql://u@h/db"), "postgresql");
  EXPECT_EQ(SpecAnswering("postgres://u@h:5433/db?sslmode=disable"), "postgresql");
  EXPECT_EQ(SpecAnswering("snowflake"), "snowflake");
  EXPECT_EQ(SpecAnswering("null"), "null");
  EXPECT_EQ(SpecAnswering("none"), "null");
  EXPECT_EQ(SpecAnswering("snowflake://x"), "");  // a name matches the whole value only
  EXPECT_EQ(SpecAnswering("files"), "");          // --output asks for files, not --warehouse
}

TEST(SinkRegistry, NoTwoSinksDeclareTheSameFlag) {
  SinkCatalog catalog;
  std::set<std::string> seen;
  for (SinkCatalog::Entry& entry : catalog.entries()) {
    for (const OptionSpec& flag : entry.options->Flags()) {
      EXPECT_TRUE(seen.insert(flag.names).second) << flag.names;
      EXPECT_FALSE(flag.help.empty()) << flag.names;
      EXPECT_NE(flag.target, nullptr) << flag.names;
    }
  }
  EXPECT_TRUE(seen.count("--load-method") && seen.count("--snowflake-account") &&
              seen.count("-o,--output") && seen.count("--compression"));
}

TEST(SinkRegistry, EveryTypeMapperReadsBackWhatItDeclares) {
  for (const SinkSpec& spec : RegisteredSinks()) {
    if (spec.types == nullptr) continue;
    for (Type type :
         {Type::kBool, Type::kInt64, Type::kDouble, Type::kString, Type::kTimestamp, Type::kJson}) {
      // Catalogs report a type's name without its precision: NUMBER(38,0) reads back as NUMBER.
      std::string_view declared = spec.types->DeclaredType(type);
      Type back = spec.types->TypeOfDeclared({declared.substr(0, declared.find('('))});
      // SQLite keeps arrays as JSON text, which reads back as text.
      Type expected = spec.name == "sqlite" && type == Type::kJson ? Type::kString : type;
      EXPECT_EQ(back, expected) << spec.name << " " << declared;
    }
  }
}

TEST(SinkCatalog, UnknownWarehouseIsAUsageErrorListingEveryForm) {
  SinkCatalog catalog;
  SinkRequest request;
  request.warehouse = "oracle://x";
  auto sink = catalog.MakeSink(request, true);
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kInvalidArgument);
  for (const char* form :
       {"unknown --warehouse 'oracle://x'", "sqlite:PATH", "postgresql://", "snowflake", "null"}) {
    EXPECT_NE(sink.status().message().find(form), std::string::npos) << form;
  }
}

TEST(SinkCatalog, WarehouseHelpListsTheRegisteredForms) {
  EXPECT_EQ(SinkCatalog().WarehouseUsage(", or "),
            "sqlite:PATH, postgresql://USER@HOST[:PORT]/DB, snowflake, or null (discard)");
}

// Binds `value` to the flag named `names` of the catalog's sinks.
void SetFlag(SinkCatalog& catalog, const std::string& names, const std::string& value) {
  for (SinkCatalog::Entry& entry : catalog.entries()) {
    for (const OptionSpec& flag : entry.options->Flags()) {
      if (flag.names == names) *flag.target = value;
    }
  }
}

TEST(SinkCatalog, OutputAloneMakesOnlyTheFilesSinkAndWithWarehouseBoth) {
  SinkCatalog catalog;
  SetFlag(catalog, "-o,--output", "out/");
  SinkRequest request;
  request.warehouse = "null";
  auto alone = catalog.MakeSink(request, false);
  ASSERT_TRUE(alone.ok()) << alone.status().message();
  EXPECT_EQ((*alone)->Describe(), "files out/ (CSV, gzip)");
  auto both = catalog.MakeSink(request, true);
  ASSERT_TRUE(both.ok()) << both.status().message();
  EXPECT_EQ((*both)->Describe(), "null (rows are discarded) and files out/ (CSV, gzip)");
}

TEST(SinkCatalog, SnowflakeWithoutALoginSaysWhereOneComesFrom) {
  SinkCatalog catalog;
  SinkRequest request;
  request.warehouse = "snowflake";
  auto sink = catalog.MakeSink(request, true);  // no ResolveLogin: no login found
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("--secret"), std::string::npos);
  EXPECT_NE(sink.status().message().find("SNOWFLAKE_ACCOUNT"), std::string::npos);
}

}  // namespace
}  // namespace aq
