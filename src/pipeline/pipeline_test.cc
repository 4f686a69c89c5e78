#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sinks/sqlite/connection.h"
#include "sinks/sqlite/sink.h"
#include "testing/test_util.h"

namespace aq {
namespace {

using testing::TempDir;
using testing::WriteFile;

using Rows = std::vector<std::vector<std::string>>;

std::string Record(int location, const std::string& parameter, int hour, const std::string& value) {
  char date[32];
  std::snprintf(date, sizeof date, "2024-01-%02dT%02d:00:00Z", 1 + hour / 24, hour % 24);
  return "{\"locationId\":" + std::to_string(location) + ",\"parameter\":\"" + parameter +
         "\",\"value\":" + value + ",\"date\":{\"utc\":\"" + date + "\",\"local\":\"" + date +
         "\"},\"city\":null}";
}

// Fails its `fail_on_write`th Write (counting into *writes); forwards everything else.
class FailingSink : public Sink {
 public:
  FailingSink(std::unique_ptr<Sink> inner, int fail_on_write, int* writes)
      : inner_(std::move(inner)), fail_on_(fail_on_write), writes_(writes) {}
  std::string Describe() const override { return "failing " + inner_->Describe(); }
  Status Begin() override { return inner_->Begin(); }
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override {
    if (++*writes_ == fail_on_) return IoError("injected write failure");
    return inner_->Write(schema, batch, skip_row);
  }
  Result<LoadCounts> Commit(const Schema& schema) override { return inner_->Commit(schema); }
  void Abort() override { inner_->Abort(); }

 private:
  std::unique_ptr<Sink> inner_;
  int fail_on_;
  int* writes_;
};

class PipelineTest : public ::testing::Test {
 protected:
  RunOptions Options(const std::string& source) {
    RunOptions options;
    options.sources = {source};
    options.threads = 1;
    options.rejects_dir = dir_.File("rejects");
    return options;
  }

  // Runs into the SQLite file `db`; with `fail_on_write`, that write of the sink fails.
  Result<RunResult> Run(const RunOptions& options, const std::string& db, int fail_on_write = 0,
                        int* writes = nullptr) {
    FileSystemRegistry registry;
    RunCallbacks callbacks;
    callbacks.note = [this](const std::string& note) { notes_.push_back(note); };
    auto make_sink = [&]() -> Result<std::unique_ptr<Sink>> {
      ++sinks_made_;
      auto sqlite =
          std::make_unique<SqliteSink>(SqliteSinkOptions{db, "measurements", options.key_columns});
      if (fail_on_write == 0) return std::unique_ptr<Sink>(std::move(sqlite));
      return std::unique_ptr<Sink>(
          std::make_unique<FailingSink>(std::move(sqlite), fail_on_write, writes));
    };
    return RunPipeline(options, registry, make_sink, callbacks);
  }

  Rows Query(const std::string& db, const std::string& sql) {
    auto conn = sqlite::Connection::Open(db);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (!conn.ok()) return {};
    auto rows = conn->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : Rows{};
  }
  Rows Columns(const std::string& db) {
    return Query(db, "SELECT name, type FROM pragma_table_info('measurements') ORDER BY cid");
  }
  Rows Dump(const std::string& db) {
    return Query(db, "SELECT * FROM measurements ORDER BY location_id, parameter, date_utc");
  }

  // Three small files: JSON Lines with one malformed line and one in-file duplicate, a pretty
  // array with one record duplicating the first file, and a gzip file.
  std::string WriteSmallInputs() {
    std::string in = dir_.File("in");
    WriteFile(in + "/a.jsonl", Record(1, "pm25", 0, "1.5") + "\n" + Record(1, "pm25", 1, "2") +
                                   "\n" + "{\"locationId\": 1, broken\n" +
                                   Record(1, "pm10", 0, "3") + "\n" + Record(1, "pm25", 0, "9.9") +
                                   "\n");
    WriteFile(in + "/b.json", "[\n  " + Record(2, "no2", 0, "4") + ",\n  " +
                                  Record(1, "pm10", 0, "5") + ",\n  " + Record(2, "no2", 1, "6") +
                                  "\n]\n");
    WriteFile(in + "/c.jsonl.gz",
              testing::Gzip(Record(3, "o3", 0, "7") + "\n" + Record(3, "o3", 1, "8") + "\n"));
    return in;
  }

  TempDir dir_;
  std::vector<std::string> notes_;
  int sinks_made_ = 0;
};

TEST_F(PipelineTest, CountsReadLoadedDuplicatesAndQuarantined) {
  std::string db = dir_.File("w.db");
  auto result = Run(Options(WriteSmallInputs()), db);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const RunStats& s = result->stats;
  EXPECT_EQ(s.objects, 3u);
  EXPECT_EQ(s.records_read, 10u);
  EXPECT_EQ(s.quarantined, 1u);
  EXPECT_EQ(s.loaded, 7u);
  EXPECT_EQ(s.duplicates, 2u);
  EXPECT_EQ(sinks_made_, 1);  // types settled within each file: one pass
  EXPECT_EQ(Query(db, "SELECT count(*) FROM measurements"), (Rows{{"7"}}));
  ASSERT_FALSE(s.rejects_path.empty());
  std::string rejects = testing::ReadFile(s.rejects_path);
  EXPECT_NE(rejects.find("\"line\":3"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("a.jsonl"), std::string::npos) << rejects;
  // The first record of a key wins, in source order.
  EXPECT_EQ(Query(db,
                  "SELECT value FROM measurements WHERE location_id = 1 AND parameter = 'pm25' AND "
                  "date_utc = '2024-01-01 00:00:00'"),
            (Rows{{"1.5"}}));
}

TEST_F(PipelineTest, RerunLoadsNothingAndCountsEveryRecordAsDuplicate) {
  std::string db = dir_.File("w.db");
  RunOptions options = Options(WriteSmallInputs());
  ASSERT_TRUE(Run(options, db).ok());
  Rows before = Dump(db);
  auto again = Run(options, db);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->stats.loaded, 0u);
  EXPECT_EQ(again->stats.duplicates, 9u);
  EXPECT_EQ(again->stats.records_read, 10u);
  EXPECT_EQ(Dump(db), before);
}

// Inputs big enough for several chunks and byte ranges: one large JSON Lines file with a bad line
// and a late type change, plus a pretty array.
std::string WriteLargerInputs(const std::string& in) {
  std::string big;
  for (int i = 0; i < 300; ++i) {
    big += Record(10 + i % 7, i % 2 ? "pm25" : "no2", i,
                  i < 250 ? std::to_string(i) : std::to_string(i) + ".5");
    big += i % 50 == 17 ? "\r\n\n" : "\n";
    if (i == 123) big += "{\"locationId\": oops}\n";
  }
  WriteFile(in + "/big.jsonl", big);
  std::string array = "[";
  for (int i = 0; i < 40; ++i)
    array += std::string(i ? ",\n" : "\n") + "  " + Record(99, "co", i, "0.25");
  WriteFile(in + "/z.json", array + "\n]\n");
  return in;
}

TEST_F(PipelineTest, ThreadsAndTinyChunksGiveAnIdenticalTable) {
  std::string in = WriteLargerInputs(dir_.File("in"));
  RunOptions serial = Options(in);
  serial.threads = 1;
  std::string db1 = dir_.File("serial.db");
  auto r1 = Run(serial, db1);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();

  RunOptions parallel = Options(in);
  parallel.threads = 4;
  parallel.chunk_bytes = 64;
  parallel.split_bytes = 2000;  // big.jsonl is read as many byte ranges
  std::string db2 = dir_.File("parallel.db");
  auto r2 = Run(parallel, db2);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();

  EXPECT_EQ(r1->stats.records_read, 341u);
  EXPECT_EQ(r1->stats.quarantined, 1u);
  EXPECT_EQ(r2->stats.records_read, r1->stats.records_read);
  EXPECT_EQ(r2->stats.loaded, r1->stats.loaded);
  EXPECT_EQ(r2->stats.duplicates, r1->stats.duplicates);
  EXPECT_EQ(r2->stats.quarantined, r1->stats.quarantined);
  EXPECT_EQ(Columns(db2), Columns(db1));
  Rows rows = Dump(db1);
  EXPECT_EQ(rows.size(), r1->stats.loaded);
  EXPECT_EQ(Dump(db2), rows);
  // Quarantined records keep their line numbers whatever the reading plan.
  EXPECT_EQ(testing::ReadFile(r2->stats.rejects_path), testing::ReadFile(r1->stats.rejects_path));
  EXPECT_NE(testing::ReadFile(r1->stats.rejects_path).find("\"line\":"), std::string::npos);

  RunOptions four_small_chunks = Options(in);
  four_small_chunks.threads = 4;
  four_small_chunks.chunk_bytes = 64;
  std::string db3 = dir_.File("chunks.db");
  ASSERT_TRUE(Run(four_small_chunks, db3).ok());
  EXPECT_EQ(Columns(db3), Columns(db1));
  EXPECT_EQ(Dump(db3), rows);
}

// Loads a first file, then a second run over more files with 3 bad records of 10 under a limit.
class BadRecordLimitTest : public PipelineTest {
 protected:
  void SetUp() override {
    good_ = dir_.File("good");
    WriteFile(good_ + "/a.jsonl",
              Record(1, "pm25", 0, "1") + "\n" + Record(1, "pm25", 1, "2") + "\n");
    ASSERT_TRUE(Run(Options(good_), db_).ok());
    before_ = Dump(db_);
    columns_ = Columns(db_);
    ASSERT_EQ(before_.size(), 2u);
    bad_ = dir_.File("bad");
    std::string text;
    for (int i = 0; i < 7; ++i) text += Record(5, "no2", i, "1") + "\n";
    text += "not json\n{\"locationId\": 5}\n[1]\n";
    WriteFile(bad_ + "/b.jsonl", text);
  }

  void ExpectTableUnchanged() {
    EXPECT_EQ(Dump(db_), before_);
    EXPECT_EQ(Columns(db_), columns_);
  }

  std::string db_ = dir_.File("w.db");
  std::string good_, bad_;
  Rows before_, columns_;
};

TEST_F(BadRecordLimitTest, CountExceededIsDataErrorAndTheTableIsUnchanged) {
  RunOptions options = Options(bad_);
  options.max_bad_records = {true, false, 2};
  auto result = Run(options, db_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataError) << result.status().ToString();
  ExpectTableUnchanged();
}

TEST_F(BadRecordLimitTest, FractionExceededIsDataErrorAndTheTableIsUnchanged) {
  RunOptions options = Options(bad_);
  options.max_bad_records = {true, true, 0.2};  // 3 of 10 is 30%
  options.chunk_bytes = 64;
  auto result = Run(options, db_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataError) << result.status().ToString();
  ExpectTableUnchanged();
}

TEST_F(BadRecordLimitTest, WithinTheLimitTheRunLoads) {
  RunOptions options = Options(bad_);
  options.max_bad_records = {true, false, 3};
  auto result = Run(options, db_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->stats.quarantined, 3u);
  EXPECT_EQ(result->stats.loaded, 7u);

  RunOptions fraction = Options(bad_);
  fraction.max_bad_records = {true, true, 0.3};
  auto again = Run(fraction, db_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(PipelineTest, FailedRunLeavesTableUnchanged) {
  std::string db = dir_.File("w.db");
  std::string first = dir_.File("first");
  WriteFile(first + "/a.jsonl",
            Record(1, "pm25", 0, "1") + "\n" + Record(1, "pm25", 1, "2") + "\n");
  ASSERT_TRUE(Run(Options(first), db).ok());
  Rows before = Dump(db);
  Rows columns = Columns(db);

  RunOptions options = Options(WriteLargerInputs(dir_.File("in")));
  options.chunk_bytes = 256;  // many batches; the third write fails after two succeeded
  int writes = 0;
  auto result = Run(options, db, 3, &writes);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_NE(result.status().message().find("injected write failure"), std::string::npos);
  EXPECT_EQ(writes, 3);
  EXPECT_EQ(Dump(db), before);
  EXPECT_EQ(Columns(db), columns);
}

TEST_F(PipelineTest, FailedFirstRunLeavesNoTable) {
  std::string db = dir_.File("w.db");
  RunOptions options = Options(WriteLargerInputs(dir_.File("in")));
  options.chunk_bytes = 256;
  int writes = 0;
  ASSERT_FALSE(Run(options, db, 4, &writes).ok());
  EXPECT_TRUE(Columns(db).empty());
}

// A column that later files turn into text used to be rebuilt from what earlier batches had loaded:
// date-times in UTC with an offset column, numbers re-spelled (1e3 -> 1000.0).
TEST_F(PipelineTest, ColumnBecomingTextInALaterFileIsReadAgainSoEveryValueIsAsWritten) {
  std::string db = dir_.File("w.db");
  std::string in = dir_.File("in");
  WriteFile(in + "/a.jsonl",
            R"({"locationId":1,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"},)"
            R"("when":"2024-01-01T00:00:00+02:00","reading":1e3})"
            "\n");
  WriteFile(in + "/b.jsonl",
            R"({"locationId":2,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"},)"
            R"("when":7,"reading":"high"})"
            "\n");
  auto result = Run(Options(in), db);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(sinks_made_, 2);
  EXPECT_EQ(result->stats.records_read, 2u);
  EXPECT_EQ(result->stats.loaded, 2u);
  EXPECT_EQ(Query(db, "SELECT location_id, \"when\", reading FROM measurements ORDER BY 1"),
            (Rows{{"1", "2024-01-01T00:00:00+02:00", "1e3"}, {"2", "7", "high"}}));
  EXPECT_EQ(Columns(db), (Rows{{"location_id", "BIGINT"},
                               {"parameter", "TEXT"},
                               {"date_utc", "TIMESTAMP"},
                               {"when", "TEXT"},
                               {"reading", "TEXT"}}));
  bool told = false;
  for (const auto& note : notes_) told |= note.find("reading the input again") != std::string::npos;
  EXPECT_TRUE(told);
}

TEST_F(PipelineTest, ExistingTextColumnTakesDateTimesAsWritten) {
  std::string db = dir_.File("w.db");
  std::string old_rows = dir_.File("old");
  WriteFile(old_rows + "/a.jsonl",
            R"({"locationId":1,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"},)"
            R"("note":"n/a"})"
            "\n");
  ASSERT_TRUE(Run(Options(old_rows), db).ok());
  std::string new_rows = dir_.File("new");
  WriteFile(new_rows + "/b.jsonl",
            R"({"locationId":2,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"},)"
            R"("note":"2024-01-01T00:00:00+02:00"})"
            "\n");
  auto result = Run(Options(new_rows), db);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(Query(db, "SELECT note FROM measurements ORDER BY location_id"),
            (Rows{{"n/a"}, {"2024-01-01T00:00:00+02:00"}}));
  EXPECT_EQ(Columns(db).size(), 4u);  // no note_offset_minutes
}

TEST_F(PipelineTest, SourceMatchingNothingIsNotFound) {
  auto result = Run(Options(dir_.File("missing/*.jsonl")), dir_.File("w.db"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
}

TEST_F(PipelineTest, KeyNamingNoColumnIsAnInvalidArgumentBeforeAnythingIsWritten) {
  // --key locationId quarantined every record and exited 0.
  std::string in = WriteSmallInputs();
  RunOptions options = Options(in);
  options.key_columns = {"locationId", "parameter", "date_utc"};
  std::string db = dir_.File("x.db");
  auto result = Run(options, db);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("locationId is loaded as location_id"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("value"), std::string::npos) << "lists the columns";
  EXPECT_FALSE(std::filesystem::exists(db)) << "no empty database file is left behind";
  EXPECT_FALSE(std::filesystem::exists(dir_.File("rejects"))) << "nothing quarantined";
}

TEST_F(PipelineTest, RejectsBeyondTheCapFailTheRunAsADataError) {
  std::string in = dir_.File("garbage.jsonl");
  std::string garbage;
  for (int i = 0; i < 2000; ++i) garbage += "not json at all, line " + std::to_string(i) + "\n";
  WriteFile(in, garbage);
  RunOptions options = Options(in);
  options.max_rejects_bytes = 16 << 10;
  auto result = Run(options, dir_.File("x.db"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataError);
  EXPECT_NE(result.status().message().find("--max-rejects-mib"), std::string::npos);
}

}  // namespace
}  // namespace aq
