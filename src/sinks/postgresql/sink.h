// PostgresSink: loads into a PostgreSQL table through libpq
// (--warehouse postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...]).
//
// One run is one transaction (docs/postgresql.md): Begin connects, BEGINs,
// takes an advisory lock on the target's name (concurrent runs into one table
// serialize) and creates the schema if needed; Write streams rows with COPY
// FROM STDIN (CSV, every value as CellText's text) into a temporary staging
// table, numbered in source order; Commit creates or extends the target, casts
// and inserts the staged rows in source order with ON CONFLICT (natural key)
// DO NOTHING, records the ledger and COMMITs. A failure, Abort or a killed
// process leaves the target exactly as it was.
//
// Thread safety: driven by the writer thread only.
// Ownership: owns its connection; the destructor aborts an uncommitted run.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "io/filesystem.h"
#include "normalize/cell_value.h"
#include "sinks/ledger_sink.h"
#include "sinks/postgresql/connection.h"
#include "sinks/postgresql/target_table.h"

namespace aq {

struct PostgresSinkOptions {
  std::string url;  // postgresql://... or postgres://...
  std::string schema = "public";
  std::string table = "measurements";
  std::vector<std::string> key_columns;
  std::string run_id;
  size_t copy_chunk_bytes = 1 << 20;  // COPY data sent per PQputCopyData
};

class PostgresSink : public LedgerSink {
 public:
  explicit PostgresSink(PostgresSinkOptions options);
  ~PostgresSink() override { Abort(); }

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
  Status AddStagingColumns(size_t count);
  Status StartCopy();
  Status Flush();
  Status StageRow(const Schema& schema, const RecordBatch& batch, size_t row);

  PostgresSinkOptions options_;
  std::unique_ptr<postgresql::Connection> db_;
  std::unique_ptr<postgresql::TargetTable> target_;
  bool in_transaction_ = false;
  size_t staged_columns_ = 0;             // staging has c0..c<staged_columns_-1>
  uint64_t staged_rows_ = 0;              // also the last ordinal sent
  std::string buffer_;                    // COPY data not yet sent
  std::vector<std::string_view> values_;  // per schema column, for the row being staged
  std::vector<uint8_t> present_;
  std::vector<size_t> touched_;
  std::vector<TextBuffer> scratch_;
};

}  // namespace aq
