// SnowflakeSink: loads into a Snowflake table over Snowflake's REST protocol
// (--warehouse snowflake; the login from --secret, SNOWFLAKE_* variables or
// --snowflake-* flags). docs/snowflake.md has the whole story.
//
// Begin logs in (session TIMEZONE UTC), selects the warehouse, creates the
// schema if needed and makes it current. Write turns every row into text
// (CellText) with an ordinal and hands it to a Stager, which puts it in a
// session-private TEMPORARY staging table: array-bound INSERTs (direct) or
// gzip CSV parts in S3 plus COPY INTO (bulk). With LoadMethod::kAuto the
// first bulk_threshold_rows rows are held in memory: a run that stays under
// the threshold, or has no S3 stage location, loads directly; a larger one
// goes bulk. Commit creates or extends the target (DDL, which Snowflake
// commits on its own), then in one transaction inserts the first staged row
// of each natural key the target does not hold, cast to the column types
// (what MERGE ... WHEN NOT MATCHED THEN INSERT does), and records the load
// ledger; COMMIT makes the rows visible at once. A run that fails or is
// killed before COMMIT leaves the target and the ledger as they were.
//
// Thread safety: driven by the writer thread only.
// Ownership: owns its session; the destructor aborts an uncommitted run.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clients/snowflake/client.h"
#include "normalize/cell_value.h"
#include "sinks/ledger_sink.h"
#include "sinks/snowflake/bulk_stager.h"
#include "sinks/snowflake/direct_stager.h"
#include "sinks/snowflake/login.h"
#include "sinks/snowflake/staging_table.h"
#include "sinks/snowflake/target_table.h"

namespace aq {

enum class SnowflakeLoadMethod { kAuto, kDirect, kBulk };

// "auto", "direct" or "bulk", as given to --load-method.
Result<SnowflakeLoadMethod> ParseSnowflakeLoadMethod(const std::string& text);

struct SnowflakeSinkOptions {
  snowflake::SnowflakeLogin login;
  std::string schema;  // empty: the login's schema, else PUBLIC
  std::string table = "measurements";
  std::vector<std::string> key_columns;
  std::string run_id;
  SnowflakeLoadMethod method = SnowflakeLoadMethod::kAuto;
  // kAuto: runs with more rows than this go bulk, when bulk.location is set.
  uint64_t bulk_threshold_rows = 5000;
  snowflake::BulkStagerOptions bulk;  // location empty: no bulk; run_id is filled in
  snowflake::DirectStagerOptions direct;
  // How long one request may go unanswered (snowflake::QueryHttpOptions explains the default).
  std::chrono::seconds read_timeout = snowflake::QueryHttpOptions().read_timeout;
};

class SnowflakeSink : public LedgerSink {
 public:
  explicit SnowflakeSink(SnowflakeSinkOptions options);
  ~SnowflakeSink() override { Abort(); }

  std::string Describe() const override;
  Status Begin() override;
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  Result<LoadCounts> Commit(const Schema& schema) override;
  void Abort() override;

 protected:
  Result<std::set<std::string>> LoadedObjects(const std::vector<ObjectInfo>& objects) override;
  Result<std::set<std::string>> TextColumns() override;

 private:
  struct HeldRow {
    uint64_t ordinal;
    std::vector<std::optional<std::string>> values;
  };

  Status StartStager(SnowflakeLoadMethod method);
  Status StageRow(const Schema& schema, const RecordBatch& batch, size_t row);
  Status ReleaseHeldRows();
  std::string SchemaSql() const;

  SnowflakeSinkOptions options_;
  std::unique_ptr<snowflake::SnowflakeClient> db_;
  std::unique_ptr<snowflake::TargetTable> target_;
  std::unique_ptr<snowflake::StagingTable> staging_;
  std::unique_ptr<snowflake::Stager> stager_;  // null while kAuto has not decided
  std::vector<HeldRow> held_;                  // rows kept while kAuto has not decided
  const char* method_ = nullptr;               // the load method once chosen, for Describe
  bool in_transaction_ = false;
  uint64_t ordinal_ = 0;
  std::vector<snowflake::StagedValue> values_;
  std::vector<TextBuffer> scratch_;
};

}  // namespace aq
