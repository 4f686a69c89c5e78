#include "sinks/snowflake/target_table.h"

#include <charconv>
#include <map>

#include "sinks/snowflake/staging_table.h"
#include "sinks/snowflake/type_mapping.h"

namespace aq::snowflake {

std::string TargetTable::Qualified() const {
  return QuoteIdentifier(database_) + "." + QuoteIdentifier(schema_) + "." +
         QuoteIdentifier(table_);
}

std::string TargetTable::Display() const { return StoredName(schema_) + "." + StoredName(table_); }

Status TargetTable::Load() {
  AQ_ASSIGN_OR_RETURN(
      QueryResult result,
      db_->Execute(
          "SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_SCALE FROM " + QuoteIdentifier(database_) +
          ".INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = " + QuoteLiteral(StoredName(schema_)) +
          " AND TABLE_NAME = " + QuoteLiteral(StoredName(table_)) + " ORDER BY ORDINAL_POSITION"));
  columns_.clear();
  declared_.clear();
  for (const auto& row : result.rows) {
    if (row.size() < 3 || !row[0] || !row[1]) continue;
    int scale = 0;
    if (row[2]) std::from_chars(row[2]->data(), row[2]->data() + row[2]->size(), scale);
    columns_.emplace_back(*row[0], Types().TypeOfDeclared({*row[1], scale}));
    declared_.push_back(*row[1] + (*row[1] == "NUMBER" && row[2] ? "(38," + *row[2] + ")" : ""));
  }
  return Status::Ok();
}

std::set<std::string> TargetTable::TextColumns() const {
  std::set<std::string> text;
  for (const auto& [stored, type] : columns_) {
    if (type == Type::kString) text.insert(RunName(stored));
  }
  return text;
}

Status TargetTable::Sync(const Schema& schema) {
  for (const auto& key : keys_) {
    int index = schema.IndexOfName(key);
    if (index < 0 || !schema.IsLive(static_cast<size_t>(index))) {
      return InvalidArgument(
          "natural key column \"" + key + "\" is not among the loaded data's columns, so " +
          Display() + " cannot be deduplicated on it (pass --key with columns the data has)");
    }
  }
  std::map<std::string, size_t> have;
  for (size_t i = 0; i < columns_.size(); ++i) have[columns_[i].first] = i;
  std::vector<std::string> add;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    auto it = have.find(StoredName(column.name));
    if (it == have.end()) {
      add.push_back(QuoteIdentifier(column.name) + " " + Types().DeclaredType(column.type));
    } else if (!HoldsLosslessly(columns_[it->second].second, column.type)) {
      return FailedPrecondition(
          "column " + StoredName(column.name) + " of table " + Display() + " is " +
          declared_[it->second] + ", but this run's data needs " +
          Types().DeclaredType(column.type) + " (from " + column.source_path +
          "); loading would lose data. Nothing was loaded. Load into a new table with --table, "
          "or change the column's type yourself");
    }
  }
  if (add.empty()) return Status::Ok();
  std::string sql;
  if (!exists()) {
    sql = "CREATE TABLE IF NOT EXISTS " + Qualified() + " (";
    for (size_t i = 0; i < add.size(); ++i) sql += (i ? ", " : "") + add[i];
    sql += ")";
    AQ_RETURN_IF_ERROR(db_->Execute(sql).status());
  } else {
    for (const auto& column : add) {  // one per statement: portable to every Snowflake dialect
      AQ_RETURN_IF_ERROR(
          db_->Execute("ALTER TABLE " + Qualified() + " ADD COLUMN " + column).status());
    }
  }
  return Load();
}

std::string TargetTable::InsertFromStaging(const Schema& schema, const std::string& staging,
                                           const std::string& ordinal) const {
  std::map<std::string, Type> declared(columns_.begin(), columns_.end());
  std::string names, values, keys, match;
  std::map<std::string, std::string> casts;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const std::string& name = schema.columns()[i].name;
    auto it = declared.find(StoredName(name));
    Type type = it == declared.end() ? schema.columns()[i].type : it->second;
    casts[name] = CastFromText(StagingTable::Column(i), type);
    names += (names.empty() ? "" : ", ") + QuoteIdentifier(name);
    values += (values.empty() ? "" : ", ") + casts[name] + " AS " + QuoteIdentifier(name);
  }
  for (const auto& key : keys_) {
    keys += (keys.empty() ? "" : ", ") + casts[key];
    match += (match.empty() ? "" : " AND ") + std::string("t.") + QuoteIdentifier(key) + " = s." +
             QuoteIdentifier(key);
  }
  std::string source = "SELECT " + values + ", " + ordinal + " AS AQPIPE_ORD";
  if (!keys.empty())
    source +=
        ", ROW_NUMBER() OVER (PARTITION BY " + keys + " ORDER BY " + ordinal + ") AS AQPIPE_RN";
  source += " FROM " + staging;
  std::string sql = "INSERT INTO " + Qualified() + " (" + names + ") SELECT " + names + " FROM (" +
                    source + ") s";
  if (!keys.empty()) {
    sql += " WHERE AQPIPE_RN = 1 AND NOT EXISTS (SELECT 1 FROM " + Qualified() + " t WHERE " +
           match + ")";
  }
  return sql + " ORDER BY AQPIPE_ORD";
}

}  // namespace aq::snowflake
