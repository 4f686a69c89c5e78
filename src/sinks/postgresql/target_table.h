// TargetTable: the warehouse table a PostgreSQL run loads into, brought in line
// with the run's final schema inside the run's transaction: created with mapped
// types and a unique index on the natural key, or given the new columns with
// ALTER TABLE ADD COLUMN. A column whose existing type would lose this run's
// values is refused (kFailedPrecondition), never retyped. Also checks the
// schema's privileges up front so a missing GRANT is one clear message.
//
// Thread safety: driven by the sink's writer thread only.
// Ownership: borrows the connection, which must outlive it.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "normalize/schema.h"
#include "sinks/postgresql/connection.h"

namespace aq::postgresql {

// Name of the staging table's text column that holds schema column `index`.
std::string StagingColumn(size_t index);
// Takes a transaction-level advisory lock on `name` (released at COMMIT/ROLLBACK).
Status LockName(Connection& db, const std::string& name);

class TargetTable {
 public:
  TargetTable(Connection* db, std::string schema, std::string table,
              std::vector<std::string> key_columns)
      : db_(db),
        schema_(std::move(schema)),
        table_(std::move(table)),
        keys_(std::move(key_columns)) {}

  // Creates the schema when missing, and checks the user may use it (and create the table if
  // needed).
  Status PrepareSchema();
  // Reads the table's columns; exists() says whether it is there.
  Status Load();
  // Names of the existing columns that hold text (as of Load).
  std::set<std::string> TextColumns() const;
  bool exists() const { return exists_; }
  // CREATE TABLE, or ADD COLUMN for new live columns; refuses lossy type changes; ensures the key
  // index.
  Status Sync(const Schema& schema);
  // INSERT INTO target SELECT (casts) FROM `staging` ORDER BY `ordinal` ON CONFLICT (key) DO
  // NOTHING.
  std::string InsertFromStaging(const Schema& schema, const std::string& staging,
                                const std::string& ordinal) const;
  // Adds the unique key to a table created by this run, once its rows are in.
  Status FinishLoad();
  std::string Qualified() const;

 private:
  Status CheckNames(const Schema& schema) const;
  Status Create(const Schema& schema);
  Status EnsureKeyIndex();
  std::string Who() const;

  Connection* db_;
  std::string schema_;
  std::string table_;
  std::vector<std::string> keys_;
  bool exists_ = false;
  bool key_deferred_ = false;  // created without its unique key; FinishLoad adds it
  std::vector<std::pair<std::string, std::string>> columns_;  // name, format_type, in table order
};

}  // namespace aq::postgresql
