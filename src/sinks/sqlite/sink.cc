#include "sinks/sqlite/sink.h"

#include "normalize/cell_value.h"
#include "sinks/sqlite/type_mapping.h"

#include <algorithm>
#include <filesystem>

namespace aq {

using sqlite::QuoteIdentifier;
using sqlite::QuoteLiteral;

Status SqliteSink::Begin() {
  std::error_code ec;
  created_file_ = !std::filesystem::exists(options_.path, ec) && !ec;
  Status begun = [&]() -> Status {
    AQ_ASSIGN_OR_RETURN(sqlite::Connection connection, sqlite::Connection::Open(options_.path));
    db_ = std::make_unique<sqlite::Connection>(std::move(connection));
    AQ_RETURN_IF_ERROR(db_->Exec("PRAGMA busy_timeout = 10000"));
    AQ_RETURN_IF_ERROR(
        db_->Exec("PRAGMA cache_size = -" + std::to_string(options_.cache_mib * 1024)));
    AQ_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    in_transaction_ = true;
    return LoadExistingTable();
  }();
  if (!begun.ok()) Abort();
  return begun;
}

Status SqliteSink::LoadExistingTable() {
  AQ_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT name, type FROM pragma_table_info(" +
                                            QuoteLiteral(options_.table) + ") ORDER BY cid"));
  table_columns_.clear();
  for (auto& row : rows)
    table_columns_.emplace_back(row[0], sqlite::Types().TypeOfDeclared({row[1]}));
  table_exists_ = !table_columns_.empty();
  return Status::Ok();
}

Result<LoadPlan> SqliteSink::Prepare(const std::vector<ObjectInfo>& /*objects*/) {
  LoadPlan plan;
  for (const auto& [name, type] : table_columns_) {
    if (type == Type::kString) plan.text_columns.insert(name);
  }
  return plan;
}

Status SqliteSink::CreateTable(const Schema& schema) {
  std::string sql = "CREATE TABLE " + QuoteIdentifier(options_.table) + " (";
  bool first = true;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    sql += (first ? "" : ", ") + QuoteIdentifier(column.name) + " " +
           sqlite::Types().DeclaredType(column.type);
    first = false;
    created_this_run_.insert(column.name);
  }
  AQ_RETURN_IF_ERROR(db_->Exec(sql + ")"));
  AQ_RETURN_IF_ERROR(LoadExistingTable());
  return EnsureKeyIndex();
}

Status SqliteSink::EnsureKeyIndex() {
  if (options_.key_columns.empty()) return Status::Ok();
  std::string columns;
  for (const auto& key : options_.key_columns) {
    bool present = false;
    for (const auto& [name, type] : table_columns_) present |= name == key;
    if (!present) return Status::Ok();  // created once the key columns exist
    columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(key);
  }
  std::string index = options_.table + "_natural_key";
  Status st = db_->Exec("CREATE UNIQUE INDEX IF NOT EXISTS " + QuoteIdentifier(index) + " ON " +
                        QuoteIdentifier(options_.table) + " (" + columns + ")");
  if (!st.ok()) {
    return FailedPrecondition(
        "table " + options_.table + " already holds several rows per natural key (" + columns +
        "), so it cannot be deduplicated on it: " + st.message() +
        " (load into a new table, or pass the --key the table was loaded with)");
  }
  return Status::Ok();
}

Status SqliteSink::RetypeColumns(const std::map<std::string, Type>& retype) {
  // SQLite cannot change a column's declared type in place: rebuild the table (inside the run's
  // transaction, so a failure still rolls back to the state before the run).
  std::string temp = options_.table + "__aqpipe_retype";
  std::string create = "CREATE TABLE " + QuoteIdentifier(temp) + " (";
  std::string select;
  for (size_t i = 0; i < table_columns_.size(); ++i) {
    const auto& [name, old_type] = table_columns_[i];
    auto it = retype.find(name);
    Type type = it == retype.end() ? old_type : it->second;
    std::string q = QuoteIdentifier(name);
    std::string expr = q;
    if (type == Type::kString && old_type == Type::kBool) {
      expr = "CASE " + q + " WHEN 1 THEN 'true' WHEN 0 THEN 'false' END";
    } else if (type == Type::kString && old_type != Type::kString) {
      expr = "CAST(" + q + " AS TEXT)";
    } else if (type == Type::kDouble) {
      expr = "CAST(" + q + " AS REAL)";
    }
    create += (i ? ", " : "") + q + " " + sqlite::Types().DeclaredType(type);
    select += (i ? ", " : "") + expr;
  }
  AQ_RETURN_IF_ERROR(db_->Exec(create + ")"));
  AQ_RETURN_IF_ERROR(db_->Exec("INSERT INTO " + QuoteIdentifier(temp) + " SELECT " + select +
                               " FROM " + QuoteIdentifier(options_.table)));
  AQ_RETURN_IF_ERROR(db_->Exec("DROP TABLE " + QuoteIdentifier(options_.table)));
  AQ_RETURN_IF_ERROR(db_->Exec("ALTER TABLE " + QuoteIdentifier(temp) + " RENAME TO " +
                               QuoteIdentifier(options_.table)));
  AQ_RETURN_IF_ERROR(LoadExistingTable());
  return EnsureKeyIndex();
}

Status SqliteSink::SyncColumns(const Schema& schema) {
  if (!table_exists_) {
    // Wait for the key columns so the table is born with its unique index.
    for (const auto& key : options_.key_columns) {
      int index = schema.IndexOfName(key);
      if (index < 0 || !schema.IsLive(static_cast<size_t>(index))) return Status::Ok();
    }
    return CreateTable(schema);
  }
  std::map<std::string, Type> retype;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    auto existing = std::find_if(table_columns_.begin(), table_columns_.end(),
                                 [&](const auto& c) { return c.first == column.name; });
    if (existing == table_columns_.end()) {
      AQ_RETURN_IF_ERROR(db_->Exec("ALTER TABLE " + QuoteIdentifier(options_.table) +
                                   " ADD COLUMN " + QuoteIdentifier(column.name) + " " +
                                   sqlite::Types().DeclaredType(column.type)));
      created_this_run_.insert(column.name);
      table_columns_.emplace_back(column.name, column.type);
      continue;
    }
    Type have = existing->second;
    Type need = column.type == Type::kJson ? Type::kString : column.type;
    if (Widen(have, need) == have) continue;  // the column already holds these values losslessly
    if (!created_this_run_.count(column.name)) {
      return FailedPrecondition(
          "column '" + column.name + "' of table " + options_.table + " is " +
          sqlite::Types().DeclaredType(have) + ", but this run's data needs " +
          sqlite::Types().DeclaredType(need) + " (from " + column.source_path +
          "); loading would lose data. Load into a new table with --table, or change "
          "the column's type yourself");
    }
    retype[column.name] = Widen(have, need);
  }
  if (!retype.empty()) AQ_RETURN_IF_ERROR(RetypeColumns(retype));
  return EnsureKeyIndex();
}

Status SqliteSink::PrepareInsert(const Schema& schema) {
  std::string names, params;
  param_of_column_.assign(schema.columns().size(), 0);
  int param = 0;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    names += (param ? ", " : "") + QuoteIdentifier(column.name);
    params += param ? ", ?" : "?";
    param_of_column_[i] = ++param;
  }
  if (param == 0) return Status::Ok();  // nothing typed yet: every value so far was null
  scratch_.resize(static_cast<size_t>(param) + 1);
  std::string conflict = options_.key_columns.empty() ? "" : " ON CONFLICT DO NOTHING";
  AQ_ASSIGN_OR_RETURN(insert_, db_->Prepare("INSERT INTO " + QuoteIdentifier(options_.table) +
                                            " (" + names + ") VALUES (" + params + ")" + conflict));
  return Status::Ok();
}

Status SqliteSink::InsertRow(const Schema& schema, const RecordBatch& batch, size_t row) {
  sqlite3_stmt* stmt = insert_.get();
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
    const Cell& cell = batch.cells[c];
    if (cell.kind == CellKind::kNull) continue;
    int index = schema.IndexOfPath(cell.column);
    if (index < 0) continue;
    int param = param_of_column_[static_cast<size_t>(index)];
    if (param == 0) continue;
    Type type = schema.columns()[static_cast<size_t>(index)].type;
    switch (type) {
      case Type::kBool:
        sqlite3_bind_int(stmt, param, CellBool(cell) ? 1 : 0);
        break;
      case Type::kInt64:
        sqlite3_bind_int64(stmt, param, CellInt64(cell));
        break;
      case Type::kDouble:
        sqlite3_bind_double(stmt, param, CellDouble(cell));
        break;
      default: {
        std::string_view text = CellText(cell, batch, type, &scratch_[static_cast<size_t>(param)]);
        sqlite3_bind_text(stmt, param, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      }
    }
  }
  if (sqlite3_step(stmt) != SQLITE_DONE) return db_->Error("cannot insert into " + options_.table);
  if (sqlite3_changes(db_->get()) > 0) {
    ++counts_.inserted;
  } else {
    ++counts_.duplicates;
  }
  return Status::Ok();
}

Status SqliteSink::Write(const Schema& schema, const RecordBatch& batch,
                         const std::vector<bool>& skip_row) {
  if (!in_transaction_) return Internal("sqlite sink written before Begin");
  if (schema.version() != prepared_version_) {
    insert_ = sqlite::Statement();  // a table rebuild must not race a live statement
    AQ_RETURN_IF_ERROR(SyncColumns(schema));
    if (!table_exists_) return Status::Ok();  // no row can have all key columns yet
    AQ_RETURN_IF_ERROR(PrepareInsert(schema));
    prepared_version_ = schema.version();
  }
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    if (skip_row[row]) continue;
    if (!insert_.get()) return Internal("rows with no typed column reached the SQLite sink");
    AQ_RETURN_IF_ERROR(InsertRow(schema, batch, row));
  }
  return Status::Ok();
}

Result<LoadCounts> SqliteSink::Commit(const Schema& schema) {
  AQ_RETURN_IF_ERROR(SyncColumns(schema));
  insert_ = sqlite::Statement();
  AQ_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  in_transaction_ = false;
  created_file_ = false;
  return counts_;
}

void SqliteSink::Abort() {
  insert_ = sqlite::Statement();
  if (db_ && in_transaction_) {
    (void)db_->Exec("ROLLBACK");
    in_transaction_ = false;
  }
  if (created_file_) {
    db_.reset();
    created_file_ = false;
    // Only while nothing is in it: another process may have committed to it meanwhile.
    std::error_code ec;
    if (std::filesystem::file_size(options_.path, ec) == 0 && !ec) {
      std::filesystem::remove(options_.path, ec);
      std::filesystem::remove(options_.path + "-journal", ec);
    }
  }
}

}  // namespace aq
