// SqliteSink: loads into a table of an embedded SQLite database, the default
// warehouse. One run is one IMMEDIATE transaction, so a failed or killed run
// leaves the table as it was (SQLite's journal rolls it back). Rows go straight
// into the target with INSERT ... ON CONFLICT DO NOTHING against a unique
// index on the natural key: reruns and overlapping inputs add nothing twice.
// A run that fails before committing to a database file it created removes
// that file again (it is still empty), so no 0-byte database is left behind.
//
// Thread safety: driven by the writer thread only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "normalize/cell_value.h"
#include "sinks/sink.h"
#include "sinks/sqlite/connection.h"

namespace aq {

struct SqliteSinkOptions {
  std::string path;
  std::string table = "measurements";
  std::vector<std::string> key_columns;
  int64_t cache_mib = 64;
};

class SqliteSink : public Sink {
 public:
  explicit SqliteSink(SqliteSinkOptions options) : options_(std::move(options)) {}
  ~SqliteSink() override { Abort(); }

  std::string Describe() const override {
    return "sqlite:" + options_.path + " table " + options_.table;
  }
  Status Begin() override;
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  Result<LoadCounts> Commit(const Schema& schema) override;
  // No ledger: only the text columns.
  Result<LoadPlan> Prepare(const std::vector<ObjectInfo>& objects) override;
  void Abort() override;

 private:
  Status LoadExistingTable();
  Status SyncColumns(const Schema& schema);
  Status CreateTable(const Schema& schema);
  Status RetypeColumns(const std::map<std::string, Type>& retype);
  Status EnsureKeyIndex();
  Status PrepareInsert(const Schema& schema);
  Status InsertRow(const Schema& schema, const RecordBatch& batch, size_t row);

  SqliteSinkOptions options_;
  std::unique_ptr<sqlite::Connection> db_;
  bool in_transaction_ = false;
  bool created_file_ = false;  // Begin created the database file: Abort removes it while empty
  bool table_exists_ = false;
  std::vector<std::pair<std::string, Type>> table_columns_;  // in table order
  std::set<std::string> created_this_run_;
  uint64_t prepared_version_ = UINT64_MAX;
  sqlite::Statement insert_;
  std::vector<int> param_of_column_;  // schema index -> bind parameter (1-based), 0 = not bound
  std::vector<TextBuffer> scratch_;
  LoadCounts counts_;
};

}  // namespace aq
