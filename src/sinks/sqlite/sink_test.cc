#include "sinks/sqlite/sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "normalize/schema.h"
#include "sinks/sqlite/connection.h"
#include "testing/test_util.h"

namespace aq {
namespace {

using testing::FlattenHelper;
using testing::TempDir;

const std::vector<std::string> kKey = {"location_id", "parameter", "date_utc"};

using Rows = std::vector<std::vector<std::string>>;

// One run into a SQLite table, driven the way the pipeline drives a sink: each batch merged into
// the schema, then written; Finish, then Commit.
Result<LoadCounts> LoadRun(const std::string& db,
                           const std::vector<std::vector<std::string>>& batches,
                           const std::vector<std::string>& key = kKey) {
  FlattenHelper h(key);
  SchemaBuilder builder(&h.registry());
  SqliteSink sink({db, "measurements", key});
  AQ_RETURN_IF_ERROR(sink.Begin());
  std::vector<std::unique_ptr<RecordBatch>> keep;  // cells point into the batches' records
  for (const auto& records : batches) {
    for (const auto& r : records) h.Add(r);
    keep.push_back(h.TakeBatch());
    const RecordBatch& batch = *keep.back();
    EXPECT_TRUE(batch.rejects.empty()) << batch.rejects[0].reason;
    std::vector<RowReject> rejects;
    std::vector<std::string> notes;
    builder.Apply(batch, &rejects, &notes);
    std::vector<bool> skip(batch.num_rows(), false);
    for (const auto& r : rejects) skip[r.row] = true;
    Status st = sink.Write(builder.schema(), batch, skip);
    if (!st.ok()) {
      sink.Abort();
      return st;
    }
  }
  builder.Finish();
  auto counts = sink.Commit(builder.schema());
  if (!counts.ok()) sink.Abort();
  return counts;
}

Rows Query(const std::string& db, const std::string& sql) {
  auto conn = sqlite::Connection::Open(db);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  if (!conn.ok()) return {};
  auto rows = conn->Query(sql);
  EXPECT_TRUE(rows.ok()) << sql << ": " << rows.status().ToString();
  return rows.ok() ? *rows : Rows{};
}

// Column name and declared type, in table order.
Rows Columns(const std::string& db) {
  return Query(db, "SELECT name, type FROM pragma_table_info('measurements') ORDER BY cid");
}

Rows Dump(const std::string& db) {
  return Query(db, "SELECT * FROM measurements ORDER BY location_id, parameter, date_utc");
}

std::string Record(int location, const std::string& parameter, const std::string& date_utc,
                   const std::string& extra = "") {
  return "{\"locationId\": " + std::to_string(location) + ", \"parameter\": \"" + parameter +
         "\", \"date\": {\"utc\": \"" + date_utc + "\"}" + extra + "}";
}

class SqliteSinkTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string db_ = dir_.File("warehouse.db");
};

TEST_F(SqliteSinkTest, TableIsCreatedWithDeclaredTypes) {
  auto counts = LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z",
                                      ", \"value\": 1.5, \"isMobile\": false, \"unit\": \"ug\","
                                      " \"tags\": [1, 2], \"city\": null")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 1u);
  EXPECT_EQ(Columns(db_), (Rows{{"location_id", "BIGINT"},
                                {"parameter", "TEXT"},
                                {"date_utc", "TIMESTAMP"},
                                {"value", "DOUBLE"},
                                {"is_mobile", "BOOLEAN"},
                                {"unit", "TEXT"},
                                {"tags", "TEXT"},
                                {"city", "TEXT"}}));
  EXPECT_EQ(Query(db_,
                  "SELECT location_id, typeof(location_id), value, typeof(value), is_mobile, tags, "
                  "city IS NULL FROM measurements"),
            (Rows{{"1", "integer", "1.5", "real", "0", "[1, 2]", "1"}}));
}

TEST_F(SqliteSinkTest, NaturalKeyHasAUniqueIndexAndDuplicatesAreCounted) {
  auto counts = LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 1"),
                               Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 2"),
                               Record(1, "pm10", "2024-01-01T00:00:00Z", ", \"value\": 3")},
                              {Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 4")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 2u);
  EXPECT_EQ(counts->duplicates, 2u);
  EXPECT_EQ(Query(db_, "SELECT name, \"unique\" FROM pragma_index_list('measurements')"),
            (Rows{{"measurements_natural_key", "1"}}));
  EXPECT_EQ(
      Query(db_, "SELECT name FROM pragma_index_info('measurements_natural_key') ORDER BY seqno"),
      (Rows{{"location_id"}, {"parameter"}, {"date_utc"}}));
  // The first row of a key wins.
  EXPECT_EQ(Query(db_, "SELECT value FROM measurements WHERE parameter = 'pm25'"), (Rows{{"1"}}));
}

TEST_F(SqliteSinkTest, RerunAddsNothing) {
  std::vector<std::vector<std::string>> run = {
      {Record(1, "pm25", "2024-01-01T00:00:00Z"), Record(2, "pm25", "2024-01-01T00:00:00Z")}};
  ASSERT_TRUE(LoadRun(db_, run).ok());
  Rows before = Dump(db_);
  auto counts = LoadRun(db_, run);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 0u);
  EXPECT_EQ(counts->duplicates, 2u);
  EXPECT_EQ(Dump(db_), before);
}

TEST_F(SqliteSinkTest, NewColumnInALaterRunIsAddedByAlterTable) {
  ASSERT_TRUE(LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 1")}}).ok());
  auto counts = LoadRun(
      db_, {{Record(2, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 2, \"extra\": \"e\"")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(Columns(db_), (Rows{{"location_id", "BIGINT"},
                                {"parameter", "TEXT"},
                                {"date_utc", "TIMESTAMP"},
                                {"value", "BIGINT"},
                                {"extra", "TEXT"}}));
  EXPECT_EQ(
      Query(db_, "SELECT location_id, extra IS NULL, extra FROM measurements ORDER BY location_id"),
      (Rows{{"1", "1", ""}, {"2", "0", "e"}}));
}

TEST_F(SqliteSinkTest, LaterRunNeedingDoubleInABigintColumnIsRefusedAndTheTableIsUnchanged) {
  ASSERT_TRUE(LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 1")}}).ok());
  Rows columns = Columns(db_);
  Rows rows = Dump(db_);
  auto counts =
      LoadRun(db_, {{Record(2, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 2.5, \"new\": 1")}});
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(counts.status().message().find("column 'value'"), std::string::npos)
      << counts.status().message();
  EXPECT_NE(counts.status().message().find("BIGINT"), std::string::npos);
  EXPECT_NE(counts.status().message().find("DOUBLE"), std::string::npos);
  EXPECT_EQ(Columns(db_), columns);
  EXPECT_EQ(Dump(db_), rows);
}

TEST_F(SqliteSinkTest, LaterRunNeedingTextInATimestampColumnIsRefused) {
  ASSERT_TRUE(LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z",
                                    ", \"seen\": \"2024-01-01T00:00:00Z\"")}})
                  .ok());
  Rows rows = Dump(db_);
  auto counts =
      LoadRun(db_, {{Record(2, "pm25", "2024-01-01T00:00:00Z", ", \"seen\": \"never\"")}});
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(counts.status().message().find("column 'seen'"), std::string::npos)
      << counts.status().message();
  EXPECT_EQ(Dump(db_), rows);
}

TEST_F(SqliteSinkTest, LaterRunWithIntsInADoubleColumnIsAccepted) {
  ASSERT_TRUE(LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 1.5")}}).ok());
  auto counts = LoadRun(db_, {{Record(2, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 2")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(Query(db_, "SELECT value, typeof(value) FROM measurements ORDER BY location_id"),
            (Rows{{"1.5", "real"}, {"2.0", "real"}}));
}

TEST_F(SqliteSinkTest, WideningWithinOneRunRebuildsTheTable) {
  auto counts =
      LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 1, \"flag\": true")},
                    {Record(2, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 2.5, \"flag\": 7")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 2u);
  EXPECT_EQ(Columns(db_), (Rows{{"location_id", "BIGINT"},
                                {"parameter", "TEXT"},
                                {"date_utc", "TIMESTAMP"},
                                {"value", "DOUBLE"},
                                {"flag", "TEXT"}}));
  EXPECT_EQ(Query(db_, "SELECT value, typeof(value), flag FROM measurements ORDER BY location_id"),
            (Rows{{"1.0", "real", "true"}, {"2.5", "real", "7"}}));
  // The rebuilt table still deduplicates.
  EXPECT_EQ(Query(db_, "SELECT name FROM pragma_index_list('measurements')"),
            (Rows{{"measurements_natural_key"}}));
  auto again = LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z", ", \"value\": 3.5")}});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->duplicates, 1u);
}

TEST_F(SqliteSinkTest, TimestampsAreStoredAsUtcTextThatSqliteReadsBackUnchanged) {
  auto counts = LoadRun(db_, {{Record(1, "pm25", "2024-01-01T01:00:00+01:00"),
                               Record(2, "pm25", "2024-03-31T23:30:00-02:30"),
                               Record(3, "pm25", "2024-06-01 12:00:00")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(
      Query(db_,
            "SELECT date_utc, datetime(date_utc) = date_utc, typeof(date_utc) FROM measurements "
            "ORDER BY location_id"),
      (Rows{{"2024-01-01 00:00:00", "1", "text"},
            {"2024-04-01 02:00:00", "1", "text"},
            {"2024-06-01 12:00:00", "1", "text"}}));
  EXPECT_EQ(Query(db_, "SELECT date_utc_offset_minutes FROM measurements ORDER BY location_id"),
            (Rows{{"60"}, {"-150"}, {""}}));
}

TEST_F(SqliteSinkTest, SameInstantWrittenWithDifferentOffsetsIsOneKey) {
  auto counts = LoadRun(db_, {{Record(1, "pm25", "2024-01-01T00:00:00Z"),
                               Record(1, "pm25", "2024-01-01T02:00:00+02:00")}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 1u);
  EXPECT_EQ(counts->duplicates, 1u);
}

TEST_F(SqliteSinkTest, AbortLeavesNoTable) {
  FlattenHelper h(kKey);
  SchemaBuilder builder(&h.registry());
  {
    SqliteSink sink({db_, "measurements", kKey});
    ASSERT_TRUE(sink.Begin().ok());
    h.Add(Record(1, "pm25", "2024-01-01T00:00:00Z"));
    auto batch = h.TakeBatch();
    std::vector<RowReject> rejects;
    std::vector<std::string> notes;
    builder.Apply(*batch, &rejects, &notes);
    ASSERT_TRUE(sink.Write(builder.schema(), *batch, {false}).ok());
    sink.Abort();
    sink.Abort();  // safe twice
  }
  EXPECT_TRUE(Columns(db_).empty());
}

TEST_F(SqliteSinkTest, AbortedRunToANewPathLeavesNoDatabaseFile) {
  // A failed run to a new SQLite path left a 0-byte database behind.
  TempDir dir;
  std::string db = dir.File("new.db");
  SqliteSink sink({db, "measurements", kKey});
  ASSERT_TRUE(sink.Begin().ok());
  sink.Abort();
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_FALSE(std::filesystem::exists(db + "-journal"));
}

TEST_F(SqliteSinkTest, AbortedRunKeepsADatabaseFileThatExisted) {
  TempDir dir;
  std::string db = dir.File("old.db");
  ASSERT_TRUE(
      LoadRun(db,
              {{R"({"locationId":1,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"}})"}})
          .ok());
  SqliteSink sink({db, "measurements", kKey});
  ASSERT_TRUE(sink.Begin().ok());
  sink.Abort();
  EXPECT_EQ(Query(db, "SELECT COUNT(*) FROM measurements"), Rows({{"1"}}));
}

TEST_F(SqliteSinkTest, SkippedRowsAreNotLoaded) {
  FlattenHelper h(kKey);
  SchemaBuilder builder(&h.registry());
  SqliteSink sink({db_, "measurements", kKey});
  ASSERT_TRUE(sink.Begin().ok());
  h.Add(Record(1, "pm25", "2024-01-01T00:00:00Z"));
  h.Add(Record(2, "pm25", "2024-01-01T00:00:00Z"));
  auto batch = h.TakeBatch();
  std::vector<RowReject> rejects;
  std::vector<std::string> notes;
  builder.Apply(*batch, &rejects, &notes);
  ASSERT_TRUE(sink.Write(builder.schema(), *batch, {true, false}).ok());
  builder.Finish();
  auto counts = sink.Commit(builder.schema());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->inserted, 1u);
  EXPECT_EQ(Query(db_, "SELECT location_id FROM measurements"), (Rows{{"2"}}));
}

}  // namespace
}  // namespace aq
