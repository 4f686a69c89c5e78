#include "sinks/snowflake/staging_table.h"

namespace aq::snowflake {

std::string StagingTable::Name() { return "\"AQPIPE_STAGING\""; }
std::string StagingTable::Ordinal() { return "\"AQPIPE_ORDINAL\""; }
std::string StagingTable::Column(size_t index) { return "C" + std::to_string(index); }

std::string StagingTable::ColumnList(size_t columns) {
  std::string list = "(" + Ordinal();
  for (size_t i = 0; i < columns; ++i) list += ", " + Column(i);
  return list + ")";
}

Status StagingTable::Ensure(size_t columns) {
  if (!created_) {
    std::string sql = "CREATE TEMPORARY TABLE " + Name() + " (" + Ordinal() + " NUMBER(38,0)";
    for (size_t i = 0; i < columns; ++i) sql += ", " + Column(i) + " VARCHAR";
    auto created = db_->Execute(sql + ")");
    if (!created.ok()) return created.status().WithContext("creating the staging table");
    created_ = true;
    columns_ = columns;
    return Status::Ok();
  }
  for (; columns_ < columns; ++columns_) {
    auto added =
        db_->Execute("ALTER TABLE " + Name() + " ADD COLUMN " + Column(columns_) + " VARCHAR");
    if (!added.ok()) return added.status().WithContext("adding a staging column");
  }
  return Status::Ok();
}

}  // namespace aq::snowflake
