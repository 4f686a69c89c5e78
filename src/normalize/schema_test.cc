#include "normalize/schema.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "testing/test_util.h"

namespace aq {
namespace {

using testing::FlattenHelper;
using testing::PaddedRecord;

// Builds a schema from batches of records, each batch a list of JSON texts, in order.
class SchemaFixture {
 public:
  explicit SchemaFixture(std::vector<std::string> keys = {}, TypeSeeds seeds = {})
      : h_(std::move(keys)), builder_(&h_.registry(), std::move(seeds)) {}

  // Flattens `records` into one batch and applies it; returns the row rejects.
  std::vector<RowReject> Apply(const std::vector<std::string>& records) {
    for (const auto& r : records) h_.Add(r);
    batches_.push_back(h_.TakeBatch());
    EXPECT_TRUE(batches_.back()->rejects.empty()) << batches_.back()->rejects[0].reason;
    return ApplyBatch(*batches_.back());
  }

  std::vector<RowReject> ApplyBatch(const RecordBatch& batch) {
    std::vector<RowReject> rejects;
    builder_.Apply(batch, &rejects, &notes_);
    return rejects;
  }

  const Column* Find(const std::string& name) const {
    int i = builder_.schema().IndexOfName(name);
    return i < 0 ? nullptr : &builder_.schema().columns()[static_cast<size_t>(i)];
  }
  Type TypeOf(const std::string& name) const {
    const Column* c = Find(name);
    EXPECT_NE(c, nullptr) << "no column " << name;
    return c ? c->type : Type::kNull;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& c : builder_.schema().columns()) out.push_back(c.name);
    return out;
  }

  FlattenHelper& helper() { return h_; }
  SchemaBuilder& builder() { return builder_; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  FlattenHelper h_;
  SchemaBuilder builder_;
  std::vector<std::unique_ptr<RecordBatch>> batches_;
  std::vector<std::string> notes_;
};

TEST(SchemaTest, IntThenDoubleInALaterBatchWidensToDoubleWithANote) {
  SchemaFixture f;
  f.Apply({R"({"v": 1})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kInt64);
  EXPECT_TRUE(f.notes().empty());
  uint64_t version = f.builder().schema().version();
  f.Apply({R"({"v": 1.5})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kDouble);
  EXPECT_GT(f.builder().schema().version(), version);
  ASSERT_EQ(f.notes().size(), 1u);
  EXPECT_EQ(f.notes()[0],
            "column 'v' widened from bigint to double because later records disagree");
}

TEST(SchemaTest, IntAndDoubleInTheFirstBatchIsDoubleWithANote) {
  SchemaFixture f;
  f.Apply({R"({"v": 1})", R"({"v": 2.5})", R"({"v": 3})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kDouble);
  EXPECT_EQ(f.notes(), (std::vector<std::string>{
                           "column 'v' holds both bigint and double values, so it is loaded as "
                           "double"}));
}

TEST(SchemaTest, NumberToStringWithinOneBatchWarns) {
  SchemaFixture f;
  f.Apply({R"({"v": 1, "w": "x"})", R"({"v": "n/a", "w": true})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kString);
  EXPECT_EQ(f.TypeOf("w"), Type::kString);
  EXPECT_EQ(f.notes(),
            (std::vector<std::string>{"column 'v' holds both bigint and text values, so it is "
                                      "loaded as string (every value as written)",
                                      "column 'w' holds both boolean and text values, so it is "
                                      "loaded as string (every value as written)"}));
  EXPECT_FALSE(f.builder().retyped_loaded_rows());  // nothing loaded before this batch
}

TEST(SchemaTest, IntegerBeyondInt64MakesItsColumnTextWithANote) {
  SchemaFixture f;
  f.Apply({R"({"v": 1})", R"({"v": 12345678901234567890123})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kString);
  ASSERT_EQ(f.notes().size(), 1u);
  EXPECT_EQ(f.notes()[0],
            "column 'v' holds both bigint and integer beyond 64 bits values, so it is loaded as "
            "string (every value as written)");
  SchemaFixture only_huge;
  only_huge.Apply({R"({"v": 99999999999999999999})"});
  EXPECT_EQ(only_huge.TypeOf("v"), Type::kString);
  EXPECT_EQ(only_huge.notes().size(), 1u);
  // In a later batch it widens a bigint column and asks for a second read (digits as written).
  SchemaFixture later;
  later.Apply({R"({"v": 1})"});
  later.Apply({R"({"v": 99999999999999999999})"});
  EXPECT_EQ(later.TypeOf("v"), Type::kString);
  EXPECT_TRUE(later.builder().retyped_loaded_rows());
}

TEST(SchemaTest, DoubleThenIntStaysDouble) {
  SchemaFixture f;
  f.Apply({R"({"v": 1.5})"});
  f.Apply({R"({"v": 2})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kDouble);
  EXPECT_TRUE(f.notes().empty());
}

TEST(SchemaTest, IntThenStringWidensToString) {
  SchemaFixture f;
  f.Apply({R"({"v": 1})"});
  f.Apply({R"({"v": "n/a"})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kString);
  ASSERT_EQ(f.notes().size(), 1u);
  EXPECT_EQ(f.notes()[0],
            "column 'v' widened from bigint to string because later records disagree");
}

TEST(SchemaTest, BoolThenIntWidensToString) {
  SchemaFixture f;
  f.Apply({R"({"b": true})"});
  EXPECT_EQ(f.TypeOf("b"), Type::kBool);
  f.Apply({R"({"b": 1})"});
  EXPECT_EQ(f.TypeOf("b"), Type::kString);
}

TEST(SchemaTest, ArrayThenScalarWidensJsonToString) {
  SchemaFixture f;
  f.Apply({R"({"a": [1]})"});
  EXPECT_EQ(f.TypeOf("a"), Type::kJson);
  f.Apply({R"({"a": 2})"});
  EXPECT_EQ(f.TypeOf("a"), Type::kString);
}

TEST(SchemaTest, NullsDoNotChangeAType) {
  SchemaFixture f;
  f.Apply({R"({"v": null})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kNull);
  EXPECT_FALSE(f.builder().schema().IsLive(0));
  f.Apply({R"({"v": 3})", R"({"v": null})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kInt64);
  EXPECT_TRUE(f.builder().schema().IsLive(0));
  f.Apply({R"({"v": null})"});
  EXPECT_EQ(f.TypeOf("v"), Type::kInt64);
  EXPECT_TRUE(f.notes().empty());
}

TEST(SchemaTest, TimestampThenBadTimestampRejectsTheRowNamingTheColumn) {
  SchemaFixture f;
  EXPECT_TRUE(f.Apply({R"({"date_local": "2024-01-01T00:00:00Z", "v": 1})"}).empty());
  EXPECT_EQ(f.TypeOf("date_local"), Type::kTimestamp);
  std::vector<RowReject> rejects =
      f.Apply({R"({"date_local": "2024-01-01T01:00:00Z", "v": 2})",
               R"({"date_local": "2024-02-30T10:00:00Z", "v": 3})",
               R"({"date_local": "yesterday", "v": 4})", R"({"date_local": null, "v": 5})"});
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0].row, 1u);
  EXPECT_EQ(rejects[0].reason,
            "column 'date_local' is a timestamp column, but '2024-02-30T10:00:00Z' is not a valid "
            "timestamp: February 30 does not exist");
  EXPECT_EQ(rejects[1].row, 2u);
  EXPECT_EQ(rejects[1].reason,
            "column 'date_local' is a timestamp column, but 'yesterday' is not a valid timestamp: "
            "it is not an ISO-8601 date-time");
  EXPECT_EQ(f.TypeOf("date_local"), Type::kTimestamp);
}

TEST(SchemaTest, BadTimestampInTheSameBatchAsTheFirstTimestampIsRejected) {
  SchemaFixture f;
  std::vector<RowReject> rejects = f.Apply(
      {R"({"t": null})", R"({"t": "2024-01-01T00:00:00Z"})", R"({"t": "2024-01-01T25:00:00Z"})"});
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].row, 2u);
  EXPECT_NE(rejects[0].reason.find("column 't'"), std::string::npos) << rejects[0].reason;
  EXPECT_EQ(f.TypeOf("t"), Type::kTimestamp);
}

TEST(SchemaTest, FirstValuePlainStringThenTimestampLikeIsStringWithoutRejects) {
  SchemaFixture f;
  EXPECT_TRUE(f.Apply({R"({"t": "unknown"})", R"({"t": "2024-01-01T00:00:00Z"})"}).empty());
  EXPECT_EQ(f.TypeOf("t"), Type::kString);
  EXPECT_TRUE(f.Apply({R"({"t": "2024-01-01T01:00:00+01:00"})", R"({"t": "2024-02-30T10:00:00Z"})"})
                  .empty());
  EXPECT_EQ(f.TypeOf("t"), Type::kString);
  // A string column gets no offset companion.
  EXPECT_EQ(f.Find("t_offset_minutes"), nullptr);
}

TEST(SchemaTest, BadTimestampInTheFirstRecordKeepsTheColumnATimestamp) {
  // Either order: one rejected record, the same type.
  for (bool bad_first : {true, false}) {
    SchemaFixture f;
    std::vector<std::string> records = {R"({"t": "2024-13-01T00:00:00Z"})",
                                        R"({"t": "2024-01-01T00:00:00+01:00"})"};
    if (!bad_first) std::swap(records[0], records[1]);
    std::vector<RowReject> rejects = f.Apply(records);
    EXPECT_EQ(f.TypeOf("t"), Type::kTimestamp) << bad_first;
    ASSERT_EQ(rejects.size(), 1u) << bad_first;
    EXPECT_EQ(rejects[0].row, bad_first ? 0u : 1u);
    EXPECT_EQ(rejects[0].reason,
              "column 't' is a timestamp column, but '2024-13-01T00:00:00Z' is not a valid "
              "timestamp: month 13 is out of range");
    EXPECT_TRUE(f.notes().empty());
  }
}

TEST(SchemaTest, BadTimestampInAnEarlierBatchRetypesToTimestampAndAsksForASecondRead) {
  SchemaFixture f;
  EXPECT_TRUE(f.Apply({R"({"t": "2024-13-01T00:00:00Z"})"}).empty());
  EXPECT_EQ(f.TypeOf("t"), Type::kString);  // nothing says it is a date-time column yet
  f.Apply({R"({"t": "2024-01-01T00:00:00Z"})"});
  EXPECT_EQ(f.TypeOf("t"), Type::kTimestamp);
  EXPECT_TRUE(f.builder().retyped_loaded_rows());
  ASSERT_EQ(f.notes().size(), 1u);
  EXPECT_EQ(f.notes()[0],
            "column 't' is a timestamp column: later records hold valid date-times, so its values "
            "that are not valid date-times are quarantined");
  // The second read starts from the final type: the bad value is quarantined from the start.
  SchemaFixture again({}, f.builder().TypesSoFar());
  std::vector<RowReject> rejects = again.Apply({R"({"t": "2024-13-01T00:00:00Z"})"});
  EXPECT_EQ(again.TypeOf("t"), Type::kTimestamp);
  EXPECT_EQ(rejects.size(), 1u);
}

TEST(SchemaTest, OpenAqDateColumnsAreTimestampsWhateverTheirFirstValue) {
  SchemaFixture f;
  std::vector<RowReject> rejects = f.Apply(
      {R"({"date": {"utc": "yesterday", "local": 1704067200}})",
       R"({"date": {"utc": "2024-01-01T00:00:00Z", "local": "2024-01-01T01:00:00+01:00"}})"});
  EXPECT_EQ(f.TypeOf("date_utc"), Type::kTimestamp);
  EXPECT_EQ(f.TypeOf("date_local"), Type::kTimestamp);
  ASSERT_EQ(rejects.size(), 1u);  // one record, quarantined once (for its first bad value)
  EXPECT_EQ(rejects[0].row, 0u);
  EXPECT_EQ(rejects[0].reason,
            "column 'date_utc' is a timestamp column, but 'yesterday' is not a valid timestamp: it "
            "is not an ISO-8601 date-time");
  SchemaFixture numbers;
  rejects = numbers.Apply({R"({"date_local": 1704067200})"});
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].reason,
            "column 'date_local' is a timestamp column, but '1704067200' is not a valid "
            "timestamp: it is a bigint, not an ISO-8601 date-time string");
}

TEST(SchemaTest, FreeTextAmongDateTimesMakesATextColumnWithANote) {
  SchemaFixture f;
  EXPECT_TRUE(f.Apply({R"({"t": "2024-01-01T00:00:00Z"})", R"({"t": "soon"})"}).empty());
  EXPECT_EQ(f.TypeOf("t"), Type::kString);
  EXPECT_EQ(f.notes(), (std::vector<std::string>{
                           "column 't' holds both text and date-time values, so it is loaded as "
                           "string (every value as written)"}));
}

TEST(SchemaTest, TimestampThenNumberWidensToString) {
  SchemaFixture f;
  f.Apply({R"({"t": "2024-01-01T00:00:00Z"})"});
  EXPECT_TRUE(f.Apply({R"({"t": 5})", R"({"t": "junk"})"}).empty());
  EXPECT_EQ(f.TypeOf("t"), Type::kString);
  ASSERT_EQ(f.notes().size(), 1u);
  EXPECT_EQ(f.notes()[0],
            "column 't' widened from timestamp to string because later records disagree");
}

TEST(SchemaTest, WideningToStringAfterAnEarlierBatchIsReported) {
  SchemaFixture f;
  f.Apply({R"({"t": "2024-01-01T00:00:00Z", "n": 1, "b": true})"});
  f.Apply({R"({"b": "yes", "n": 2.5})"});
  EXPECT_FALSE(
      f.builder().retyped_loaded_rows());  // bigint -> double, boolean -> string: no rewrite
  f.Apply({R"({"t": 5})"});
  EXPECT_TRUE(f.builder().retyped_loaded_rows());
  EXPECT_EQ(f.builder().TypesSoFar(),
            (TypeSeeds{{"t", Type::kString}, {"n", Type::kDouble}, {"b", Type::kString}}));
}

TEST(SchemaTest, WideningWithinOneBatchNeedsNoRewrite) {
  SchemaFixture f;
  f.Apply({R"({"t": "2024-01-01T00:00:00Z"})", R"({"t": 5})"});
  EXPECT_EQ(f.TypeOf("t"), Type::kString);
  EXPECT_FALSE(f.builder().retyped_loaded_rows());
}

TEST(SchemaTest, SeededStringColumnTakesDateTimesAsTextWithoutOffsetColumn) {
  SchemaFixture f({}, {{"note", Type::kString}});
  EXPECT_TRUE(f.Apply({R"({"note": "2024-01-01T00:00:00+02:00"})", R"({"note": "n/a"})"}).empty());
  EXPECT_EQ(f.TypeOf("note"), Type::kString);
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"note"}));
  EXPECT_FALSE(f.builder().retyped_loaded_rows());
}

TEST(SchemaTest, OffsetCompanionColumnFollowsATimestampColumn) {
  SchemaFixture f;
  f.Apply({R"({"date": {"local": "2024-01-01T01:00:00+01:00"}, "v": 1})"});
  EXPECT_EQ(f.Names().size(), 3u);
  EXPECT_EQ(f.TypeOf("date_local"), Type::kTimestamp);
  const Column* companion = f.Find("date_local_offset_minutes");
  ASSERT_NE(companion, nullptr);
  EXPECT_EQ(companion->type, Type::kInt64);
  EXPECT_TRUE(companion->offset_companion);
}

TEST(SchemaTest, NameCollisionGetsNumberedSuffixAndANote) {
  SchemaFixture f;
  f.Apply({R"({"locationId": 1, "location_id": 2})"});
  f.Apply({R"({"location id": 3})"});
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"location_id", "location_id_2", "location_id_3"}));
  EXPECT_EQ(f.Find("location_id")->source_path, "locationId");
  EXPECT_EQ(f.Find("location_id_2")->source_path, "location_id");
  EXPECT_EQ(f.Find("location_id_3")->source_path, "location id");
  ASSERT_EQ(f.notes().size(), 2u);
  EXPECT_EQ(f.notes()[0],
            "name collision: 'location_id' and 'locationId' both flatten to 'location_id'; "
            "'location_id' is loaded "
            "as 'location_id_2'");
  EXPECT_NE(f.notes()[1].find("'location id' is loaded as 'location_id_3'"), std::string::npos)
      << f.notes()[1];
}

TEST(SchemaTest, NestedPathCollidingWithATopLevelKeyGetsASuffix) {
  SchemaFixture f;
  f.Apply({R"({"date_utc": "x", "date": {"utc": "2024-01-01T00:00:00Z"}})"});
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"date_utc", "date_utc_2"}));
  EXPECT_EQ(f.Find("date_utc_2")->source_path, "date.utc");
  EXPECT_EQ(f.TypeOf("date_utc_2"), Type::kTimestamp);
}

TEST(SchemaTest, NullOnlyColumnBecomesStringAtFinish) {
  SchemaFixture f;
  f.Apply({R"({"a": 1, "n": null})"});
  f.Apply({R"({"a": 2, "n": null})"});
  EXPECT_EQ(f.TypeOf("n"), Type::kNull);
  f.builder().Finish();
  EXPECT_EQ(f.TypeOf("n"), Type::kString);
  EXPECT_FALSE(f.Find("n")->dropped);
  EXPECT_TRUE(
      f.builder().schema().IsLive(static_cast<size_t>(f.builder().schema().IndexOfName("n"))));
}

TEST(SchemaTest, PathHoldingOnlyNullAndObjectsIsDroppedAtFinish) {
  SchemaFixture f;
  f.Apply({R"({"date": null, "v": 1})"});
  f.Apply({R"({"date": {"utc": "2024-01-01T00:00:00Z"}, "v": 2})"});
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"date", "v", "date_utc"}));
  f.builder().Finish();
  EXPECT_TRUE(f.Find("date")->dropped);
  EXPECT_FALSE(f.builder().schema().IsLive(0));
  EXPECT_EQ(f.TypeOf("date_utc"), Type::kTimestamp);
  EXPECT_FALSE(f.Find("date_utc")->dropped);
}

TEST(SchemaTest, PathWithObjectsOnlyIsNeverAColumn) {
  SchemaFixture f;
  f.Apply({R"({"date": {"utc": "2024-01-01T00:00:00Z"}})"});
  f.builder().Finish();
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"date_utc"}));
}

TEST(SchemaTest, ColumnOrderIsFirstAppearanceInBatchOrderNotRegistryOrder) {
  SchemaFixture f;
  // A second reader (another flattener on the same registry) meets "z" and "y" first, so they get
  // the lowest registry ids; its batch comes later in the source order.
  Flattener other(&f.helper().registry());
  RecordBatch later;
  PaddedRecord record(R"({"z": 1, "y": 2, "w": 3})");
  other.Add(record.view(), RecordRef{0, 0, record.view()}, &later);
  ASSERT_EQ(later.num_rows(), 1u);

  f.helper().Add(R"({"y": 1, "a": 2})");
  f.helper().Add(R"({"z": 3})");
  auto earlier = f.helper().TakeBatch();
  EXPECT_LT(later.columns_in_order[0],
            earlier->columns_in_order[0]);  // ids do not follow source order

  f.ApplyBatch(*earlier);
  f.ApplyBatch(later);
  EXPECT_EQ(f.Names(), (std::vector<std::string>{"y", "a", "z", "w"}));
}

TEST(SchemaTest, KeyColumnsAreMarked) {
  SchemaFixture f({"location_id", "parameter"});
  f.Apply({R"({"locationId": 1, "parameter": "pm25", "value": 3})"});
  EXPECT_TRUE(f.Find("location_id")->key);
  EXPECT_TRUE(f.Find("parameter")->key);
  EXPECT_FALSE(f.Find("value")->key);
}

}  // namespace
}  // namespace aq
