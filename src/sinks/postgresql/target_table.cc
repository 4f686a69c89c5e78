#include "sinks/postgresql/target_table.h"

#include <algorithm>
#include <map>
#include <set>

#include "sinks/postgresql/type_mapping.h"

namespace aq::postgresql {

std::string StagingColumn(size_t index) { return "c" + std::to_string(index); }

Status LockName(Connection& db, const std::string& name) {
  return db.Exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {name}).status();
}

std::string TargetTable::Qualified() const { return QualifiedName(schema_, table_); }

std::string TargetTable::Who() const { return "user \"" + db_->endpoint().user + "\""; }

Status TargetTable::PrepareSchema() {
  const std::string privileges =
      "SELECT has_schema_privilege(oid, 'USAGE'), has_schema_privilege(oid, 'CREATE') "
      "FROM pg_namespace WHERE nspname = $1";
  AQ_ASSIGN_OR_RETURN(Rows rows, db_->Query(privileges, {schema_}));
  if (rows.empty()) {
    // Runs into other tables of this schema may be creating it too: serialize on the schema.
    AQ_RETURN_IF_ERROR(LockName(*db_, "aqpipe-schema:" + schema_));
    AQ_ASSIGN_OR_RETURN(rows, db_->Query(privileges, {schema_}));
  }
  if (rows.empty()) {
    Status created = db_->Exec("CREATE SCHEMA " + QuoteIdentifier(schema_)).status();
    if (created.code() == StatusCode::kPermissionDenied) {
      return PermissionDenied(Who() + " may not create schema \"" + schema_ + "\" in database \"" +
                              db_->endpoint().database +
                              "\" (create it as its owner and GRANT USAGE, CREATE ON "
                              "SCHEMA " +
                              QuoteIdentifier(schema_) + " TO " +
                              QuoteIdentifier(db_->endpoint().user) +
                              ", or choose an existing schema with --schema)");
    }
    AQ_RETURN_IF_ERROR(created);
    return Load();
  }
  std::string grant = " (GRANT USAGE, CREATE ON SCHEMA " + QuoteIdentifier(schema_) + " TO " +
                      QuoteIdentifier(db_->endpoint().user) +
                      ", or choose another schema with --schema)";
  if (rows[0][0] != "t") {
    return PermissionDenied(Who() + " has no USAGE privilege on schema \"" + schema_ +
                            "\" in database \"" + db_->endpoint().database + "\"" + grant);
  }
  AQ_RETURN_IF_ERROR(Load());
  if (!exists_ && rows[0][1] != "t") {
    return PermissionDenied(Who() + " may not create table \"" + table_ + "\" in schema \"" +
                            schema_ + "\": no CREATE privilege on the schema" + grant);
  }
  if (exists_) {
    AQ_ASSIGN_OR_RETURN(Rows may,
                        db_->Query("SELECT has_table_privilege($1, 'INSERT')", {Qualified()}));
    if (may.empty() || may[0][0] != "t") {
      return PermissionDenied(Who() + " may not insert into table \"" + table_ + "\" of schema \"" +
                              schema_ + "\" (GRANT INSERT, SELECT ON " + Qualified() + " TO " +
                              QuoteIdentifier(db_->endpoint().user) +
                              ", or choose another table with --table)");
    }
  }
  return Status::Ok();
}

Status TargetTable::Load() {
  AQ_ASSIGN_OR_RETURN(Rows found, db_->Query("SELECT to_regclass($1) IS NOT NULL", {Qualified()}));
  exists_ = !found.empty() && found[0][0] == "t";
  AQ_ASSIGN_OR_RETURN(Rows rows,
                      db_->Query("SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
                                 "FROM pg_attribute a WHERE a.attrelid = to_regclass($1) "
                                 "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                                 {Qualified()}));
  columns_.clear();
  for (auto& row : rows) columns_.emplace_back(row[0], row[1]);
  return Status::Ok();
}

std::set<std::string> TargetTable::TextColumns() const {
  std::set<std::string> text;
  for (const auto& [name, declared] : columns_) {
    if (Types().TypeOfDeclared({declared}) == Type::kString) text.insert(name);
  }
  return text;
}

Status TargetTable::CheckNames(const Schema& schema) const {
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    const Column& column = schema.columns()[i];
    if (schema.IsLive(i) && column.name.size() > kMaxIdentifierBytes) {
      return FailedPrecondition(
          "column \"" + column.name + "\" (from " + column.source_path + ") is longer than " +
          std::to_string(kMaxIdentifierBytes) +
          " bytes, the longest name PostgreSQL keeps; it cannot be loaded into " + Qualified());
    }
  }
  for (const auto& key : keys_) {
    int index = schema.IndexOfName(key);
    if (index < 0 || !schema.IsLive(static_cast<size_t>(index))) {
      return InvalidArgument(
          "natural key column \"" + key + "\" is not among the loaded data's columns, so " +
          Qualified() + " cannot be deduplicated on it (pass --key with columns the data has)");
    }
  }
  return Status::Ok();
}

Status TargetTable::Create(const Schema& schema) {
  std::string sql = "CREATE TABLE " + Qualified() + " (";
  bool first = true;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    sql += (first ? "" : ", ") + QuoteIdentifier(column.name) + " " +
           Types().DeclaredType(column.type);
    first = false;
  }
  // A new table gets its unique key after the load (FinishLoad): one index build is far cheaper
  // than inserting every row into a live index, and the insert deduplicates by itself.
  key_deferred_ = !keys_.empty();
  AQ_RETURN_IF_ERROR(db_->Exec(sql + ")").status());
  return Load();
}

Status TargetTable::Sync(const Schema& schema) {
  AQ_RETURN_IF_ERROR(CheckNames(schema));
  if (!exists_) return Create(schema);
  std::map<std::string, std::string> have(columns_.begin(), columns_.end());
  std::string add;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    auto it = have.find(column.name);
    if (it == have.end()) {
      add += (add.empty() ? "" : ", ") + std::string("ADD COLUMN ") + QuoteIdentifier(column.name) +
             " " + Types().DeclaredType(column.type);
      continue;
    }
    if (!HoldsLosslessly(Types().TypeOfDeclared({it->second}), column.type)) {
      return FailedPrecondition(
          "column \"" + column.name + "\" of table " + schema_ + "." + table_ + " is " +
          it->second + ", but this run's data needs " + Types().DeclaredType(column.type) +
          " (from " + column.source_path +
          "); loading would lose data. Nothing was loaded. Load into a new table with "
          "--table, or change the column's type yourself");
    }
  }
  if (!add.empty()) {
    AQ_RETURN_IF_ERROR(db_->Exec("ALTER TABLE " + Qualified() + " " + add).status());
    AQ_RETURN_IF_ERROR(Load());
  }
  return EnsureKeyIndex();
}

Status TargetTable::EnsureKeyIndex() {
  if (keys_.empty()) return Status::Ok();
  // ON CONFLICT (key) needs a unique index on exactly the key columns, in any order.
  AQ_ASSIGN_OR_RETURN(Rows rows,
                      db_->Query("SELECT i.indexrelid::bigint, a.attname FROM pg_index i "
                                 "JOIN pg_attribute a ON a.attrelid = i.indrelid "
                                 "AND a.attnum = ANY(i.indkey::int2[]) "
                                 "WHERE i.indrelid = to_regclass($1) AND i.indisunique "
                                 "AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL",
                                 {Qualified()}));
  std::map<std::string, std::set<std::string>> indexes;
  for (auto& row : rows) indexes[row[0]].insert(row[1]);
  std::set<std::string> wanted(keys_.begin(), keys_.end());
  for (const auto& [oid, columns] : indexes) {
    if (columns == wanted) return Status::Ok();
  }
  std::string columns;
  for (const auto& key : keys_) columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(key);
  Status st = db_->Exec("CREATE UNIQUE INDEX " + QuoteIdentifier(KeyIndexName(table_)) + " ON " +
                        Qualified() + " (" + columns + ")")
                  .status();
  if (!st.ok() && st.code() != StatusCode::kPermissionDenied &&
      st.code() != StatusCode::kUnavailable) {
    return FailedPrecondition(
        "table " + schema_ + "." + table_ + " has no unique index on the natural key (" + columns +
        ") and cannot get one: " + st.message() +
        " (load into a new table, or pass the --key the table was loaded with)");
  }
  return st;
}

std::string TargetTable::InsertFromStaging(const Schema& schema, const std::string& staging,
                                           const std::string& ordinal) const {
  std::map<std::string, std::string> declared(columns_.begin(), columns_.end());
  std::map<std::string, std::string> value_of;
  std::string names, values;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const std::string& name = schema.columns()[i].name;
    const std::string& type = declared[name];
    std::string value = StagingColumn(i);
    if (type != "text") value += "::" + type;
    names += (names.empty() ? "" : ", ") + QuoteIdentifier(name);
    values += (values.empty() ? "" : ", ") + value;
    value_of[name] = value;
  }
  std::string insert = "INSERT INTO " + Qualified() + " (" + names + ") SELECT ";
  if (key_deferred_) {
    // First row in input order wins per key. A key with a NULL never conflicts under a unique
    // index, so such rows stay distinct through their ordinal.
    std::string distinct, any_null;
    for (const auto& key : keys_) {
      distinct += value_of[key] + ", ";
      any_null += (any_null.empty() ? "" : " OR ") + value_of[key] + " IS NULL";
    }
    distinct += "CASE WHEN " + any_null + " THEN " + ordinal + " END";
    return insert + "DISTINCT ON (" + distinct + ") " + values + " FROM " + staging + " ORDER BY " +
           distinct + ", " + ordinal;
  }
  std::string sql = insert + values + " FROM " + staging + " ORDER BY " + ordinal;
  if (keys_.empty()) return sql;
  std::string keys;
  for (const auto& key : keys_) keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(key);
  return sql + " ON CONFLICT (" + keys + ") DO NOTHING";
}

Status TargetTable::FinishLoad() {
  if (!key_deferred_) return Status::Ok();
  std::string keys;
  for (const auto& key : keys_) keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(key);
  key_deferred_ = false;
  return db_
      ->Exec("ALTER TABLE " + Qualified() + " ADD CONSTRAINT " +
             QuoteIdentifier(KeyIndexName(table_)) + " UNIQUE (" + keys + ")")
      .status();
}

}  // namespace aq::postgresql
