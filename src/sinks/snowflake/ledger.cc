#include "sinks/snowflake/ledger.h"

#include <ctime>

#include "common/text_format.h"
#include "sinks/snowflake/type_mapping.h"

namespace aq::snowflake {

std::string Ledger::Name() const { return schema_sql_ + ".\"AQPIPE_LOAD_LEDGER\""; }

Result<std::set<std::pair<std::string, std::string>>> Ledger::Existing() {
  std::set<std::pair<std::string, std::string>> out;
  auto result = db_->Execute("SELECT SOURCE_PATH, SOURCE_VERSION FROM " + Name() +
                             " WHERE TARGET_TABLE = " + QuoteLiteral(table_));
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kNotFound) return out;  // no ledger yet
    return result.status();
  }
  for (const auto& row : result->rows) {
    if (row.size() >= 2 && row[0] && row[1]) out.emplace(*row[0], *row[1]);
  }
  return out;
}

Result<std::set<std::string>> Ledger::Loaded(const std::vector<ObjectInfo>& objects) {
  std::set<std::string> loaded;
  if (objects.empty()) return loaded;
  AQ_ASSIGN_OR_RETURN(auto existing, Existing());
  for (const auto& object : objects) {
    if (existing.count({object.path, object.version})) loaded.insert(object.path);
  }
  return loaded;
}

Status Ledger::Ensure() {
  return db_
      ->Execute("CREATE TABLE IF NOT EXISTS " + Name() +
                " (TARGET_TABLE VARCHAR NOT NULL, SOURCE_PATH VARCHAR NOT NULL, "
                "SOURCE_VERSION VARCHAR NOT NULL, ROW_COUNT NUMBER(38,0) NOT NULL, "
                "RUN_ID VARCHAR NOT NULL, LOADED_AT TIMESTAMP_TZ NOT NULL)")
      .status();
}

Status Ledger::Record(const std::string& run_id, const std::vector<LedgerEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  AQ_ASSIGN_OR_RETURN(auto existing, Existing());
  std::string now = FormatUtcTime(std::time(nullptr), "%Y-%m-%d %H:%M:%S");
  std::string values;
  for (const auto& entry : entries) {
    if (existing.count({entry.source_path, entry.source_version})) continue;
    values += values.empty() ? "(" : ", (";
    AppendLiteral(table_, &values);
    values += ", ";
    AppendLiteral(entry.source_path, &values);
    values += ", ";
    AppendLiteral(entry.source_version, &values);
    values += ", " + std::to_string(entry.rows) + ", ";
    AppendLiteral(run_id, &values);
    values += ", '" + now + "'::TIMESTAMP_TZ)";
  }
  if (values.empty()) return Status::Ok();
  return db_
      ->Execute("INSERT INTO " + Name() +
                " (TARGET_TABLE, SOURCE_PATH, SOURCE_VERSION, ROW_COUNT, RUN_ID, LOADED_AT) "
                "VALUES " +
                values)
      .status();
}

}  // namespace aq::snowflake
