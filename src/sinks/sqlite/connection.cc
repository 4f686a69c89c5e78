#include "sinks/sqlite/connection.h"

#include <filesystem>

namespace aq::sqlite {

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<Connection> Connection::Open(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return NotFound("cannot open warehouse sqlite:" + path + ": directory " + parent.string() +
                    " does not exist (create it, or choose another path)");
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return IoError("cannot open warehouse sqlite:" + path + ": " + message +
                   " (check that the file and its directory are writable)");
  }
  sqlite3_extended_result_codes(db, 1);
  return Connection(db, path);
}

Connection::Connection(Connection&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)) {
  other.db_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Connection::~Connection() { sqlite3_close(db_); }

Status Connection::Error(const std::string& what) const {
  int code = sqlite3_extended_errcode(db_);
  std::string message = "sqlite:" + path_ + ": " + what + ": " + sqlite3_errmsg(db_);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return Unavailable(message +
                       " (another process is writing to this database; retry when it is done)");
  }
  if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN ||
      (code & 0xff) == SQLITE_PERM) {
    return PermissionDenied(message + " (check that the file and its directory are writable)");
  }
  if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR) return IoError(message);
  if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT) {
    return FailedPrecondition(message + " (the file is not a usable SQLite database)");
  }
  return FailedPrecondition(message);
}

Status Connection::Exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    sqlite3_free(error);
    return Error("cannot run '" + sql.substr(0, 120) + "'");
  }
  return Status::Ok();
}

Result<Statement> Connection::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Error("cannot prepare '" + sql.substr(0, 120) + "'");
  }
  return Statement(stmt);
}

Result<std::vector<std::vector<std::string>>> Connection::Query(const std::string& sql) {
  AQ_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return Error("cannot run '" + sql.substr(0, 120) + "'");
  return rows;
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace aq::sqlite
