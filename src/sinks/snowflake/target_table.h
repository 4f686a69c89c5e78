// TargetTable: the Snowflake table a run loads into, brought in line with the
// run's final schema: created with mapped types, or given new columns with
// ALTER TABLE ADD COLUMN. A column whose existing type would lose this run's
// values is refused (kFailedPrecondition) before any DDL runs, never retyped.
//
// Snowflake commits DDL on its own (it cannot be part of a transaction), so
// the table's creation or new columns may become visible before the run's
// rows; the rows themselves arrive in one transaction (InsertFromStaging).
//
// Thread safety: driven by the sink's writer thread only.
// Ownership: borrows the client, which must outlive it.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clients/snowflake/client.h"
#include "normalize/schema.h"

namespace aq::snowflake {

class TargetTable {
 public:
  TargetTable(SnowflakeClient* db, std::string database, std::string schema, std::string table,
              std::vector<std::string> key_columns)
      : db_(db),
        database_(std::move(database)),
        schema_(std::move(schema)),
        table_(std::move(table)),
        keys_(std::move(key_columns)) {}

  // Reads the table's columns from INFORMATION_SCHEMA; exists() says whether it is there.
  Status Load();
  bool exists() const { return !columns_.empty(); }
  // The existing columns that hold text (as of Load), by the name a run gives them (StoredName's
  // inverse: an unquoted upper-case name is the run's lower-case one).
  std::set<std::string> TextColumns() const;
  // Refuses lossy type changes and unknown key columns, then CREATE TABLE or ADD COLUMN.
  Status Sync(const Schema& schema);
  // INSERT INTO target SELECT (casts) FROM `staging`: the first row (by `ordinal`) of each natural
  // key that the target does not hold yet.
  std::string InsertFromStaging(const Schema& schema, const std::string& staging,
                                const std::string& ordinal) const;
  // "DB"."SCHEMA"."TABLE"
  std::string Qualified() const;
  std::string Display() const;

 private:
  SnowflakeClient* db_;
  std::string database_, schema_, table_;
  std::vector<std::string> keys_;
  std::vector<std::pair<std::string, Type>> columns_;  // stored name, aqpipe type it holds
  std::vector<std::string> declared_;                  // data_type as Snowflake reports it
};

}  // namespace aq::snowflake
