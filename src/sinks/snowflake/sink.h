// SnowflakeSink: loads into a Snowflake table over Snowflake's REST protocol
// (--warehouse snowflake; the login from --secret or SNOWFLAKE_* variables).
//
// Begin logs in (session TIMEZONE UTC), selects the warehouse, creates the
// schema if needed and makes it current. Write stages rows, every value as
// CellText's text, into a session-private TEMPORARY table of VARCHAR columns
// numbered in source order, with multi-row INSERTs of escaped literals (the
// direct load method; Snowflake drops the table with the session, so a killed
// run leaves nothing behind). Commit creates or extends the target (DDL, which
// Snowflake commits on its own), then in one transaction inserts the first
// staged row of each natural key the target does not hold, cast to the
// column types, and records the ledger; COMMIT makes the rows visible at once.
// Only the direct method exists (no COPY INTO from a stage yet: docs/snowflake.md).
//
// Thread safety: driven by the writer thread only.
// Ownership: owns its session; the destructor aborts an uncommitted run.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "clients/aws/warehouse_login.h"
#include "clients/snowflake/client.h"
#include "normalize/cell_value.h"
#include "sinks/sink.h"
#include "sinks/snowflake/target_table.h"

namespace aq {

struct SnowflakeSinkOptions {
  aws::WarehouseLogin login;
  std::string schema;  // empty: the login's schema, else PUBLIC
  std::string table = "measurements";
  std::vector<std::string> key_columns;
  std::string run_id;
  size_t batch_rows = 4000;       // rows per staging INSERT at most
  size_t batch_bytes = 4u << 20;  // SQL text per staging INSERT, roughly at most
};

class SnowflakeSink : public Sink {
 public:
  explicit SnowflakeSink(SnowflakeSinkOptions options);
  ~SnowflakeSink() override { Abort(); }

  std::string Describe() const override;
  Status Begin() override;
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  Result<LoadCounts> Commit(const Schema& schema) override;
  void Abort() override;
  Result<std::set<std::string>> AlreadyLoaded(const std::vector<ObjectInfo>& objects) override;
  Status RecordLoaded(const std::vector<ObjectInfo>& objects) override;

 private:
  Status EnsureStaging(size_t columns);
  Status Flush();
  void StageRow(const Schema& schema, const RecordBatch& batch, size_t row);
  std::string SchemaSql() const;

  SnowflakeSinkOptions options_;
  std::unique_ptr<snowflake::SnowflakeClient> db_;
  std::unique_ptr<snowflake::TargetTable> target_;
  bool in_transaction_ = false;
  bool staging_created_ = false;
  size_t staged_columns_ = 0;
  uint64_t staged_rows_ = 0;
  size_t pending_rows_ = 0;
  std::string pending_;  // "(...), (...)" not yet sent
  std::vector<std::string_view> values_;
  std::vector<uint8_t> present_;
  std::vector<TextBuffer> scratch_;
  std::vector<ObjectInfo> objects_;
  std::vector<uint64_t> rows_per_object_;
};

}  // namespace aq
