// StagingTable: the session-private TEMPORARY table a run stages its rows in,
// AQPIPE_ORDINAL NUMBER plus one VARCHAR column per schema column (C0, C1,
// ...). Snowflake drops it with the session, so a run that dies leaves
// nothing behind; the sink casts its text to the target's types when merging.
//
// Thread safety: driven by the sink's writer thread only.
// Ownership: borrows the client, which must outlive it.
#pragma once

#include <cstddef>
#include <string>

#include "clients/snowflake/client.h"

namespace aq::snowflake {

class StagingTable {
 public:
  explicit StagingTable(SnowflakeClient* db) : db_(db) {}

  // Creates the table, or adds columns, so that it has at least `columns` value columns.
  Status Ensure(size_t columns);
  size_t columns() const { return columns_; }

  // "\"AQPIPE_STAGING\"", "\"AQPIPE_ORDINAL\"", and the name of value column `index` ("C3").
  static std::string Name();
  static std::string Ordinal();
  static std::string Column(size_t index);
  // "(\"AQPIPE_ORDINAL\", C0, ..., C<columns-1>)": the column list of an INSERT or COPY.
  static std::string ColumnList(size_t columns);

 private:
  SnowflakeClient* db_;
  bool created_ = false;
  size_t columns_ = 0;
};

}  // namespace aq::snowflake
