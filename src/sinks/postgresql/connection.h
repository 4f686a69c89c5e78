// Thin RAII wrapper over a libpq connection: connect with a postgresql:// URL,
// run statements (with text parameters), stream COPY ... FROM STDIN. Every
// failure becomes a Status with a code that says what to do (wrong password:
// kUnauthenticated, unknown database: kNotFound, server unreachable:
// kUnavailable, missing privilege: kPermissionDenied). Messages never carry the
// password: connection URLs are shown through RedactUrl.
//
// Thread safety: one connection per thread.
// Ownership: Connection owns its PGconn and closes it on destruction.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::postgresql {

// Where a connection goes, as errors name it.
struct Endpoint {
  std::string host;
  std::string port;
  std::string user;
  std::string database;
  std::string HostPort() const { return host + ":" + port; }
};

using Rows = std::vector<std::vector<std::string>>;

class Connection {
 public:
  // Connects with a postgresql:// or postgres:// URL; libpq's PG* environment variables
  // (PGPASSWORD, PGSSLMODE...) fill in what the URL leaves out.
  static Result<Connection> Open(const std::string& url);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one statement; returns the rows it affected (INSERT, COPY...), 0 for others.
  Result<uint64_t> Exec(const std::string& sql, const std::vector<std::string>& params = {});
  // Runs a query; every value as text, NULL as empty string.
  Result<Rows> Query(const std::string& sql, const std::vector<std::string>& params = {});

  // COPY ... FROM STDIN: start, send bytes (any split), finish (returns the rows copied).
  Status BeginCopy(const std::string& copy_sql);
  Status PutCopyData(std::string_view data);
  Result<uint64_t> EndCopy();
  // Ends a COPY in progress without loading it (the transaction is then aborted).
  void CancelCopy();
  bool in_copy() const { return in_copy_; }

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  Connection(PGconn* conn, Endpoint endpoint) : conn_(conn), endpoint_(std::move(endpoint)) {}
  PGresult* Run(const std::string& sql, const std::vector<std::string>& params);
  Status ResultError(PGresult* result, const std::string& sql) const;

  PGconn* conn_ = nullptr;
  Endpoint endpoint_;
  bool in_copy_ = false;
};

// The URL with any password (user:PASSWORD@ or password=...) removed, for messages.
std::string RedactUrl(const std::string& url);
// Classifies libpq's message for a failed connection attempt.
Status ConnectError(const std::string& libpq_message, const Endpoint& endpoint);
// Classifies a failed statement by its SQLSTATE; `what` says what was being done.
Status StatementError(const std::string& sqlstate, const std::string& message,
                      const std::string& what);

}  // namespace aq::postgresql
