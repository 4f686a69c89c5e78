#include "sinks/postgresql/connection.h"

#include <cstring>

namespace aq::postgresql {
namespace {

bool Contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// libpq's "connection to server at "h", port p failed: FATAL:  the reason\n" -> "the reason".
std::string Reason(std::string message) {
  size_t failed = message.rfind("failed: ");
  if (failed != std::string::npos) message = message.substr(failed + 8);
  for (const char* prefix : {"FATAL:  ", "ERROR:  "}) {
    if (message.starts_with(prefix)) message = message.substr(std::strlen(prefix));
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  size_t newline = message.find('\n');
  return newline == std::string::npos ? message : message.substr(0, newline);
}

std::string Field(const PGresult* result, int field) {
  const char* value = result ? PQresultErrorField(result, field) : nullptr;
  return value ? value : "";
}

std::string Abbreviate(const std::string& sql) {
  return sql.size() <= 100 ? sql : sql.substr(0, 100) + "...";
}

}  // namespace

Result<Connection> Connection::Open(const std::string& url) {
  // Keywords before dbname are defaults the URL may override; expand_dbname=1 parses the URL.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {"15", "aqpipe", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return Internal("libpq could not allocate a connection");
  auto text = [](const char* s) { return std::string(s ? s : ""); };
  Endpoint endpoint{text(PQhost(conn)), text(PQport(conn)), text(PQuser(conn)), text(PQdb(conn))};
  if (PQstatus(conn) != CONNECTION_OK) {
    Status status = ConnectError(text(PQerrorMessage(conn)), endpoint);
    PQfinish(conn);
    return status;
  }
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return FailedPrecondition("PostgreSQL at " + endpoint.HostPort() +
                              " cannot use client encoding UTF8");
  }
  return Connection(conn, std::move(endpoint));
}

Connection::Connection(Connection&& other) noexcept
    : conn_(other.conn_), endpoint_(std::move(other.endpoint_)), in_copy_(other.in_copy_) {
  other.conn_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    PQfinish(conn_);
    conn_ = other.conn_;
    endpoint_ = std::move(other.endpoint_);
    in_copy_ = other.in_copy_;
    other.conn_ = nullptr;
  }
  return *this;
}

Connection::~Connection() { PQfinish(conn_); }

PGresult* Connection::Run(const std::string& sql, const std::vector<std::string>& params) {
  if (params.empty()) return PQexec(conn_, sql.c_str());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  return PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                      nullptr, nullptr, 0);
}

Status Connection::ResultError(PGresult* result, const std::string& sql) const {
  std::string what = "PostgreSQL at " + endpoint_.HostPort() + " (database " + endpoint_.database +
                     ", user " + endpoint_.user + ") refused '" + Abbreviate(sql) + "'";
  if (PQstatus(conn_) == CONNECTION_BAD) {
    return Unavailable("lost the connection to PostgreSQL at " + endpoint_.HostPort() + ": " +
                       Reason(PQerrorMessage(conn_)) +
                       " (nothing was loaded; rerun when the server is back)");
  }
  std::string message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = Reason(PQerrorMessage(conn_));
  std::string detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
  if (!detail.empty()) message += " (" + detail + ")";
  return StatementError(Field(result, PG_DIAG_SQLSTATE), message, what);
}

Result<uint64_t> Connection::Exec(const std::string& sql, const std::vector<std::string>& params) {
  PGresult* result = Run(sql, params);
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Status error = ResultError(result, sql);
    PQclear(result);
    return error;
  }
  const char* tuples = PQcmdTuples(result);
  uint64_t affected = tuples && *tuples ? std::stoull(tuples) : 0;
  PQclear(result);
  return affected;
}

Result<Rows> Connection::Query(const std::string& sql, const std::vector<std::string>& params) {
  PGresult* result = Run(sql, params);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    Status error = ResultError(result, sql);
    PQclear(result);
    return error;
  }
  Rows rows(static_cast<size_t>(PQntuples(result)));
  for (int r = 0; r < PQntuples(result); ++r) {
    for (int c = 0; c < PQnfields(result); ++c)
      rows[static_cast<size_t>(r)].emplace_back(PQgetvalue(result, r, c));
  }
  PQclear(result);
  return rows;
}

Status Connection::BeginCopy(const std::string& copy_sql) {
  PGresult* result = PQexec(conn_, copy_sql.c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) {
    Status error = ResultError(result, copy_sql);
    PQclear(result);
    return error;
  }
  PQclear(result);
  in_copy_ = true;
  return Status::Ok();
}

Status Connection::PutCopyData(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    return Unavailable("cannot send rows to PostgreSQL at " + endpoint_.HostPort() + ": " +
                       Reason(PQerrorMessage(conn_)));
  }
  return Status::Ok();
}

Result<uint64_t> Connection::EndCopy() {
  in_copy_ = false;
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    return Unavailable("cannot finish COPY to PostgreSQL at " + endpoint_.HostPort() + ": " +
                       Reason(PQerrorMessage(conn_)));
  }
  Status status;
  uint64_t rows = 0;
  while (PGresult* result = PQgetResult(conn_)) {
    if (PQresultStatus(result) == PGRES_COMMAND_OK) {
      const char* tuples = PQcmdTuples(result);
      rows = tuples && *tuples ? std::stoull(tuples) : 0;
    } else if (status.ok()) {
      status = ResultError(result, "COPY ... FROM STDIN");
    }
    PQclear(result);
  }
  if (!status.ok()) return status;
  return rows;
}

void Connection::CancelCopy() {
  if (!in_copy_) return;
  in_copy_ = false;
  if (PQputCopyEnd(conn_, "aqpipe run aborted") == 1) {
    while (PGresult* result = PQgetResult(conn_)) PQclear(result);
  }
}

std::string RedactUrl(const std::string& url) {
  std::string out = url;
  size_t scheme = out.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = out.find_first_of("/?#", start);
  if (end == std::string::npos) end = out.size();
  size_t at = out.rfind('@', end);
  if (at != std::string::npos && at >= start) {
    size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t value_end = out.find('&', p);
    if (value_end == std::string::npos) value_end = out.size();
    out.replace(p + 9, value_end - p - 9, "***");
  }
  return out;
}

Status ConnectError(const std::string& libpq_message, const Endpoint& e) {
  std::string reason = Reason(libpq_message);
  std::string at = "PostgreSQL at " + e.HostPort();
  if (Contains(reason, "password authentication failed") ||
      Contains(reason, "no password supplied") || Contains(reason, "authentication failed") ||
      Contains(reason, "role \"")) {
    return Unauthenticated(
        "cannot log in to " + at + " as user \"" + e.user + "\": " + reason +
        " (check the user and password in --warehouse, PGPASSWORD or ~/.pgpass)");
  }
  if (Contains(reason, "database \"") && Contains(reason, "does not exist")) {
    return NotFound(at + " has no database \"" + e.database + "\": " + reason +
                    " (create it, e.g. createdb " + e.database +
                    ", or fix the database in --warehouse)");
  }
  if (Contains(reason, "permission denied") || Contains(reason, "CONNECT privilege")) {
    return PermissionDenied("user \"" + e.user + "\" may not connect to database \"" + e.database +
                            "\" at " + e.HostPort() + ": " + reason);
  }
  if (Contains(reason, "invalid") || Contains(reason, "missing") ||
      Contains(reason, "unrecognized")) {
    return InvalidArgument(
        "bad PostgreSQL connection settings: " + reason +
        " (use postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...])");
  }
  return Unavailable("cannot reach " + at + ": " + reason +
                     " (is the server running and accepting TCP connections there?)");
}

Status StatementError(const std::string& sqlstate, const std::string& message,
                      const std::string& what) {
  std::string text = what + ": " + message;
  if (sqlstate == "42501") return PermissionDenied(text);
  if (sqlstate == "3D000" || sqlstate == "3F000" || sqlstate == "42P01") return NotFound(text);
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") || sqlstate == "40001" ||
      sqlstate == "40P01") {
    return Unavailable(text + " (nothing was loaded; rerun)");
  }
  if (sqlstate.starts_with("53"))
    return IoError(text + " (the server is out of disk, memory or connections)");
  if (sqlstate.starts_with("22")) return DataError(text);
  return FailedPrecondition(text);
}

}  // namespace aq::postgresql
