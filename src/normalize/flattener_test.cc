#include "normalize/flattener.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "testing/test_util.h"

namespace aq {
namespace {

using testing::FlattenHelper;

constexpr const char* kMalformed =
    "malformed JSON: unbalanced braces or brackets, a missing comma or colon, or a truncated "
    "record";
constexpr const char* kNanReason =
    "NaN and Infinity are not valid JSON numbers (write null for a missing value)";

struct FlatCell {
  std::string name;  // base column name
  CellKind kind;
  std::string text;
  bool operator==(const FlatCell&) const = default;
};

std::ostream& operator<<(std::ostream& os, const FlatCell& c) {
  return os << "{" << c.name << ", kind " << static_cast<int>(c.kind) << ", \"" << c.text << "\"}";
}

// The cells of row `row` of the helper's batch.
std::vector<FlatCell> RowCells(FlattenHelper& h, size_t row) {
  const RecordBatch& b = h.batch();
  std::vector<FlatCell> out;
  for (size_t c = b.row_begin(row); c < b.row_end[row]; ++c) {
    out.push_back({h.NameOf(b.cells[c]), b.cells[c].kind, std::string(b.cells[c].text())});
  }
  return out;
}

// Flattens one record that must be accepted and returns its cells.
std::vector<FlatCell> FlattenOk(FlattenHelper& h, std::string_view json) {
  size_t rows = h.batch().num_rows();
  size_t rejects = h.batch().rejects.size();
  h.Add(json);
  EXPECT_EQ(h.batch().rejects.size(), rejects)
      << json << ": " << (h.batch().rejects.empty() ? "" : h.batch().rejects.back().reason);
  if (h.batch().num_rows() != rows + 1) return {};
  return RowCells(h, rows);
}

// Flattens one record that must be rejected and returns the reason.
std::string RejectReason(FlattenHelper& h, std::string_view json) {
  size_t rows = h.batch().num_rows();
  size_t cells = h.batch().cells.size();
  size_t rejects = h.batch().rejects.size();
  h.Add(json);
  EXPECT_EQ(h.batch().num_rows(), rows) << json << " was accepted";
  EXPECT_EQ(h.batch().cells.size(), cells) << json << ": a rejected record must leave no cells";
  if (h.batch().rejects.size() != rejects + 1) return "<not rejected>";
  const Reject& reject = h.batch().rejects.back();
  EXPECT_EQ(reject.ref.raw, json);
  return reject.reason;
}

std::string RejectReason(std::string_view json) {
  FlattenHelper h;
  return RejectReason(h, json);
}

TEST(FlattenerTest, ScalarsKeepTheirTextAndKind) {
  FlattenHelper h;
  std::vector<FlatCell> expected = {{"i", CellKind::kInt64, "42"},
                                    {"d", CellKind::kDouble, "-1.5e3"},
                                    {"s", CellKind::kString, "hi"},
                                    {"t", CellKind::kBool, "true"},
                                    {"f", CellKind::kBool, "false"},
                                    {"n", CellKind::kNull, ""},
                                    {"big", CellKind::kHugeInteger, "12345678901234567890"}};
  EXPECT_EQ(FlattenOk(h, R"({"i": 42, "d": -1.5e3, "s": "hi", "t": true, "f": false, "n": null,)"
                         R"( "big": 12345678901234567890})"),
            expected);
  EXPECT_EQ(h.batch().records_seen, 1u);
}

TEST(FlattenerTest, NestedObjectsFlattenUpToTheDepthLimit) {
  FlattenHelper h;
  std::vector<FlatCell> expected = {{"date_utc", CellKind::kTimestamp, "2024-01-01T00:00:00Z"},
                                    {"a_b_c_d_e", CellKind::kInt64, "1"},
                                    {"a_b_x", CellKind::kString, "y"},
                                    {"coordinates_latitude", CellKind::kDouble, "50.8"}};
  EXPECT_EQ(
      FlattenOk(
          h,
          R"({"date": {"utc": "2024-01-01T00:00:00Z"}, "a": {"b": {"c": {"d": {"e": 1}}, "x": "y"}},)"
          R"( "coordinates": {"latitude": 50.8}})"),
      expected);

  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "{\"k\":";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  std::string name = "k";
  for (int i = 1; i < 40; ++i) name += "_k";
  EXPECT_EQ(FlattenOk(h, deep), (std::vector<FlatCell>{{name, CellKind::kInt64, "1"}}));
}

// A record of `levels` nested objects, the record itself being level 1.
std::string Nested(int levels) {
  std::string deep;
  for (int i = 0; i < levels; ++i) deep += "{\"k\":";
  deep += "1";
  for (int i = 0; i < levels; ++i) deep += "}";
  return deep;
}

TEST(FlattenerTest, NestingDeeperThanMaxDepthIsRejectedNamingTheOption) {
  FlattenHelper h;
  EXPECT_EQ(FlattenOk(h, Nested(kDefaultMaxDepth)).size(), 1u);
  EXPECT_EQ(RejectReason(h, Nested(kDefaultMaxDepth + 1)),
            "objects are nested more than 64 levels deep, the limit --max-depth sets (raise it "
            "to load such records)");
  EXPECT_EQ(RejectReason(h, Nested(80)).substr(0, 38), "objects are nested more than 64 levels");
}

TEST(FlattenerTest, MaxDepthIsConfigurable) {
  FlattenHelper shallow({}, 2);
  EXPECT_EQ(FlattenOk(shallow, R"({"a": {"b": 1}})").size(), 1u);
  EXPECT_EQ(RejectReason(shallow, R"({"a": {"b": {"c": 1}}})").substr(0, 37),
            "objects are nested more than 2 levels");
  FlattenHelper deep({}, kMaxMaxDepth);
  EXPECT_EQ(FlattenOk(deep, Nested(kMaxMaxDepth)).size(), 1u);
  EXPECT_NE(RejectReason(deep, Nested(kMaxMaxDepth + 1)), "<not rejected>");
}

TEST(FlattenerTest, NullNestedObjectGivesNoValueButNotesTheColumn) {
  FlattenHelper h;
  std::vector<FlatCell> cells = FlattenOk(h, R"({"date": null, "x": 1})");
  EXPECT_EQ(cells,
            (std::vector<FlatCell>{{"date", CellKind::kNull, ""}, {"x", CellKind::kInt64, "1"}}));
  const RecordBatch& b = h.batch();
  ASSERT_EQ(b.columns_in_order.size(), 2u);
  uint32_t date = b.columns_in_order[0];
  EXPECT_EQ(h.registry().Get(date).base_name, "date");
  EXPECT_EQ(b.kind_mask[date], KindBit(CellKind::kNull));
  EXPECT_FALSE(h.registry().Get(date).has_children);

  FlattenOk(h, R"({"date": {"utc": "2024-01-01T00:00:00Z"}, "x": 2})");
  EXPECT_TRUE(h.registry().Get(date).has_children);
}

TEST(FlattenerTest, EmptyObjectHasNoCells) {
  FlattenHelper h;
  EXPECT_EQ(FlattenOk(h, R"({"a": {}, "b": 1})"),
            (std::vector<FlatCell>{{"b", CellKind::kInt64, "1"}}));
  EXPECT_EQ(FlattenOk(h, "{}"), std::vector<FlatCell>{});
}

TEST(FlattenerTest, ArraysAreKeptAsJsonText) {
  FlattenHelper h;
  EXPECT_EQ(FlattenOk(h, R"({"a": [1, {"b": [2, "x"]}, null] , "e": []})"),
            (std::vector<FlatCell>{{"a", CellKind::kJson, R"([1, {"b": [2, "x"]}, null])"},
                                   {"e", CellKind::kJson, "[]"}}));
}

TEST(FlattenerTest, InvalidArrayContentsAreRejected) {
  EXPECT_EQ(RejectReason(R"({"a": [1, 2,]})"), kMalformed);
  EXPECT_EQ(RejectReason(R"({"a": [1 2]})"), kMalformed);
  EXPECT_NE(RejectReason(R"({"a": [tru]})"), "<not rejected>");
  EXPECT_NE(RejectReason(R"({"a": [01]})"), "<not rejected>");
  EXPECT_NE(RejectReason(R"({"a": [NaN]})"), "<not rejected>");
}

TEST(FlattenerTest, EscapedKeysAndStringsAreUnescaped) {
  FlattenHelper h;
  std::vector<FlatCell> cells =
      FlattenOk(h, R"({"a\"b": "x\ny", "k\u00e9y": "caf\u00e9", "p\\q": "\\"})");
  EXPECT_EQ(cells, (std::vector<FlatCell>{{"a_b", CellKind::kString, "x\ny"},
                                          {"k_y", CellKind::kString, "caf\xC3\xA9"},
                                          {"p_q", CellKind::kString, "\\"}}));
  ASSERT_EQ(h.batch().columns_in_order.size(), 3u);
  EXPECT_EQ(h.registry().Get(h.batch().columns_in_order[0]).key, "a\"b");
  EXPECT_EQ(h.registry().Get(h.batch().columns_in_order[1]).key, "k\xC3\xA9y");
  EXPECT_EQ(h.registry().Get(h.batch().columns_in_order[2]).key, "p\\q");
}

TEST(FlattenerTest, EscapedAndPlainSpellingsOfOneKeyAreOneColumn) {
  FlattenHelper h;
  FlattenOk(h, R"({"ab": 1})");
  FlattenOk(h, R"({"\u0061b": 2})");
  EXPECT_EQ(h.batch().columns_in_order.size(), 1u);
  EXPECT_EQ(h.batch().cells[0].column, h.batch().cells[1].column);
}

TEST(FlattenerTest, UnescapedStringsSurviveLaterRecords) {
  FlattenHelper h;
  FlattenOk(h, R"({"s": "a\tb"})");
  for (int i = 0; i < 50; ++i) FlattenOk(h, R"({"s": "other\u0020value"})");
  EXPECT_EQ(h.batch().cells[0].text(), "a\tb");
  EXPECT_EQ(h.batch().cells[50].text(), "other value");
}

TEST(FlattenerTest, TimestampsAreDetectedWithOffsetCompanionForNonZuluOffsets) {
  FlattenHelper h;
  std::vector<FlatCell> cells = FlattenOk(
      h,
      R"({"utc": "2024-01-01T00:00:00Z", "local": "2024-01-01T01:00:00+01:00",)"
      R"( "west": "2024-01-01T00:00:00-05:30", "naive": "2024-01-01 00:00:00", "day": "2024-01-01"})");
  EXPECT_EQ(cells,
            (std::vector<FlatCell>{{"utc", CellKind::kTimestamp, "2024-01-01T00:00:00Z"},
                                   {"local", CellKind::kTimestamp, "2024-01-01T01:00:00+01:00"},
                                   {"local_offset_minutes", CellKind::kInt64, "60"},
                                   {"west", CellKind::kTimestamp, "2024-01-01T00:00:00-05:30"},
                                   {"west_offset_minutes", CellKind::kInt64, "-330"},
                                   {"naive", CellKind::kTimestamp, "2024-01-01 00:00:00"},
                                   {"day", CellKind::kString, "2024-01-01"}}));
  const RecordBatch& b = h.batch();
  ASSERT_EQ(b.timestamps.size(), 4u);
  EXPECT_EQ(b.timestamps[b.cells[1].aux].epoch_seconds, 1'704'067'200);
  EXPECT_EQ(b.timestamps[b.cells[1].aux].offset_minutes, 60);
  EXPECT_TRUE(h.registry().Get(b.cells[2].column).offset_companion);
  EXPECT_EQ(h.registry().Get(b.cells[2].column).parent, b.cells[1].column);
}

TEST(FlattenerTest, NestedTimestampOffsetCompanionIsNamedAfterThePath) {
  FlattenHelper h;
  std::vector<FlatCell> cells = FlattenOk(h, R"({"date": {"local": "2024-06-01T02:00:00+02:00"}})");
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[1], (FlatCell{"date_local_offset_minutes", CellKind::kInt64, "120"}));
}

TEST(FlattenerTest, InvalidDateTimeIsABadTimestampCell) {
  FlattenHelper h;
  EXPECT_EQ(FlattenOk(h, R"({"t": "2024-02-30T10:00:00Z"})"),
            (std::vector<FlatCell>{{"t", CellKind::kBadTimestamp, "2024-02-30T10:00:00Z"}}));
}

TEST(FlattenerTest, MalformedJsonIsRejected) {
  EXPECT_EQ(RejectReason(R"({"a": 1)"), kMalformed);
  EXPECT_EQ(RejectReason(R"({"a" 1})"), kMalformed);
  EXPECT_EQ(RejectReason(R"({"a": 1 "b": 2})"), kMalformed);
  EXPECT_EQ(RejectReason(R"({"a": "unterminated})"), "malformed JSON: a string is not terminated");
  EXPECT_EQ(RejectReason(R"({"a": tru})"), "malformed JSON: expected true, false or null");
  EXPECT_EQ(RejectReason(""), "empty record");
}

TEST(FlattenerTest, NanAndInfinityAreRejectedWithTheirOwnReason) {
  EXPECT_EQ(RejectReason(R"({"a": NaN})"), kNanReason);
  EXPECT_EQ(RejectReason(R"({"a": Infinity})"), kNanReason);
  EXPECT_EQ(RejectReason(R"({"a": -Infinity})"), kNanReason);
  EXPECT_EQ(RejectReason(R"({"a": {"b": NaN}})"), kNanReason);
  EXPECT_EQ(RejectReason("NaN"), kNanReason);
}

TEST(FlattenerTest, NumberOverflowIsRejectedAsOutOfRange) {
  EXPECT_EQ(RejectReason(R"({"a": 1e999})"),
            "number out of range: larger than a double can hold (about 1.8e308), it would load as "
            "infinity: 1e999");
  EXPECT_EQ(RejectReason(R"({"a": {"b": -2.5E+400}})").substr(0, 20), "number out of range:");
  // A key column's value too: it used to load as 0.0.
  FlattenHelper keyed({"k"});
  EXPECT_EQ(RejectReason(keyed, R"({"k": 1e999})").substr(0, 20), "number out of range:");
}

TEST(FlattenerTest, NumberUnderflowIsRejectedAsOutOfRange) {
  EXPECT_EQ(RejectReason(R"({"a": 1e-400})"),
            "number out of range: not zero, but closer to zero than a double can hold (about "
            "4.9e-324), it would load as 0: 1e-400");
  FlattenHelper h;
  // Zero in any spelling, and the smallest doubles, stay numbers.
  EXPECT_EQ(FlattenOk(h, R"({"a": 0e-999})"),
            (std::vector<FlatCell>{{"a", CellKind::kDouble, "0e-999"}}));
  EXPECT_EQ(FlattenOk(h, R"({"a": 4.9e-324})"),
            (std::vector<FlatCell>{{"a", CellKind::kDouble, "4.9e-324"}}));
}

TEST(FlattenerTest, IntegerBeyondInt64KeepsItsDigits) {
  FlattenHelper h;
  EXPECT_EQ(FlattenOk(h, R"({"a": 12345678901234567890123})"),
            (std::vector<FlatCell>{{"a", CellKind::kHugeInteger, "12345678901234567890123"}}));
  EXPECT_EQ(FlattenOk(h, R"({"a": 9223372036854775808})"),
            (std::vector<FlatCell>{{"a", CellKind::kHugeInteger, "9223372036854775808"}}));
}

TEST(FlattenerTest, NonObjectRecordsAreRejected) {
  EXPECT_EQ(RejectReason(R"([{"a": 1}])"), "the record is an array, not a JSON object");
  EXPECT_EQ(RejectReason("42"), "the record is a number, not a JSON object");
  EXPECT_EQ(RejectReason(R"("text")"), "the record is a string, not a JSON object");
  EXPECT_EQ(RejectReason("null"), "the record is null, not a JSON object");
}

TEST(FlattenerTest, TrailingGarbageIsRejected) {
  const char* reason = "malformed JSON: unexpected text after the record's closing brace";
  EXPECT_EQ(RejectReason(R"({"a": 1}{"b": 2})"), reason);
  EXPECT_EQ(RejectReason(R"({"a": 1}})"), reason);
  // A bare word after the object is caught by simdjson's structural pass already.
  EXPECT_EQ(RejectReason(R"({"a": 1} x)"), kMalformed);
  // Trailing whitespace is fine.
  FlattenHelper h;
  FlattenOk(h, "{\"a\": 1}  \r\n\t");
}

TEST(FlattenerTest, InvalidNumbersAreRejectedWithTheToken) {
  EXPECT_EQ(RejectReason(R"({"a": 1.2.3})"), "malformed JSON: '1.2.3' is not a valid number");
  EXPECT_EQ(RejectReason(R"({"a": 01})"), "malformed JSON: '01' is not a valid number");
  EXPECT_EQ(RejectReason(R"({"a": 1.})"), "malformed JSON: '1.' is not a valid number");
  EXPECT_EQ(RejectReason(R"({"a": -})"), "malformed JSON: '-' is not a valid number");
}

TEST(FlattenerTest, MissingOrNullKeyColumnIsRejectedNamingTheColumns) {
  FlattenHelper h({"location_id", "parameter", "date_utc"});
  FlattenOk(h,
            R"({"locationId": 1, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"}})");
  EXPECT_EQ(
      RejectReason(h, R"({"locationId": 1, "date": {"utc": "2024-01-01T00:00:00Z"}})"),
      "missing natural key column(s): parameter (null or absent; pass --key to use other columns)");
  EXPECT_EQ(RejectReason(h, R"({"locationId": null, "parameter": "pm25"})"),
            "missing natural key column(s): location_id, date_utc (null or absent; pass --key to "
            "use other "
            "columns)");
  EXPECT_EQ(
      RejectReason(h, R"({"locationId": 1, "parameter": "pm25", "date": null})"),
      "missing natural key column(s): date_utc (null or absent; pass --key to use other columns)");
  EXPECT_EQ(h.batch().num_rows(), 1u);
  EXPECT_EQ(h.batch().records_seen, 4u);
}

TEST(FlattenerTest, RejectedRecordLeavesNoTraceInTheBatch) {
  FlattenHelper h;
  FlattenOk(h, R"({"a": 1})");
  size_t columns = h.batch().columns_in_order.size();
  RejectReason(h, R"({"new": "2024-01-01T01:00:00+01:00", "b": [1,], "c": 2})");
  EXPECT_EQ(h.batch().columns_in_order.size(), columns);
  EXPECT_TRUE(h.batch().timestamps.empty());
  FlattenOk(h, R"({"a": 2})");
  EXPECT_EQ(h.batch().num_rows(), 2u);
  EXPECT_EQ(h.batch().rejects.size(), 1u);
}

TEST(FlattenerTest, ColumnsInOrderFollowFirstAppearanceInTheBatch) {
  FlattenHelper h;
  FlattenOk(h, R"({"b": 1, "a": null})");
  FlattenOk(h, R"({"c": 1, "a": 2, "b": 3})");
  std::vector<std::string> names;
  for (uint32_t id : h.batch().columns_in_order) names.push_back(h.registry().Get(id).base_name);
  EXPECT_EQ(names, (std::vector<std::string>{"b", "a", "c"}));
  uint32_t a = h.batch().columns_in_order[1];
  EXPECT_EQ(h.batch().kind_mask[a], KindBit(CellKind::kNull) | KindBit(CellKind::kInt64));
}

TEST(FlattenerTest, KeysInADifferentOrderMapToTheSameColumns) {
  FlattenHelper h;
  FlattenOk(h, R"({"x": 1, "y": 2, "z": 3})");
  FlattenOk(h, R"({"z": 4, "x": 5, "y": 6})");
  const RecordBatch& b = h.batch();
  std::map<uint32_t, std::string> first, second;
  EXPECT_EQ(b.cells[0].column, b.cells[4].column);
  EXPECT_EQ(b.cells[1].column, b.cells[5].column);
  EXPECT_EQ(b.cells[2].column, b.cells[3].column);
  EXPECT_EQ(h.registry().size(), 3u);
}

}  // namespace
}  // namespace aq
