// The load ledger: table AQPIPE_LOAD_LEDGER in the target's schema, one row per
// source object loaded into a target table (TARGET_TABLE, SOURCE_PATH,
// SOURCE_VERSION, ROW_COUNT, RUN_ID, LOADED_AT). Rows are added in the run's
// own transaction, so it records a source exactly when the source's rows
// became visible; a rerun asks it which sources to skip. SOURCE_VERSION is the
// object's version (S3 ETag, or "<size>-<mtime ns>" for a local file).
//
// Thread safety: driven by the sink's writer thread only.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "clients/snowflake/client.h"
#include "io/filesystem.h"
#include "sinks/ledger_sink.h"

namespace aq::snowflake {

// `schema_sql` is the quoted "DB"."SCHEMA" the ledger lives in.
class Ledger {
 public:
  Ledger(SnowflakeClient* db, std::string schema_sql, std::string table)
      : db_(db), schema_sql_(std::move(schema_sql)), table_(std::move(table)) {}
  // Paths of `objects` the ledger records as loaded into the table at their current version.
  Result<std::set<std::string>> Loaded(const std::vector<ObjectInfo>& objects);
  // Creates the ledger table when missing (DDL: call before the run's transaction).
  Status Ensure();
  // Adds the entries the ledger does not have yet (inside the run's transaction).
  Status Record(const std::string& run_id, const std::vector<LedgerEntry>& entries);

 private:
  Result<std::set<std::pair<std::string, std::string>>> Existing();
  std::string Name() const;

  SnowflakeClient* db_;
  std::string schema_sql_;
  std::string table_;
};

}  // namespace aq::snowflake
