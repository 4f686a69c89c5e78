// SnowflakeClient: a session on Snowflake's REST protocol, the one its own
// drivers speak (docs/snowflake.md).
//
//   login   POST /session/v1/login-request?request_id=..&databaseName=..&schemaName=..
//                &warehouse=..&roleName=..&request_guid=..
//           body {"data": {ACCOUNT_NAME, LOGIN_NAME, PASSWORD | AUTHENTICATOR=SNOWFLAKE_JWT +
//                 TOKEN, CLIENT_APP_ID, CLIENT_APP_VERSION, CLIENT_ENVIRONMENT,
//                 SESSION_PARAMETERS}}
//   query   POST /queries/v1/query-request?requestId=..&request_guid=..  with
//           Authorization: Snowflake Token="<session token>"; body {sqlText, sequenceId,
//           asyncExec: false, bindings?}; "query in progress" (333333/333334) is polled at
//           data.getResultUrl until done
//   close   POST /session?delete=true   (Close(), and the destructor)
//
// The account URL may carry a scheme and port ("http://127.0.0.1:8080" for a
// local stand-in); without a scheme it is https. Requests are resent on
// transient failures by HttpClient; a resent query keeps its requestId, which
// Snowflake uses to run a query at most once.
//
// Thread safety: one thread at a time per client (statements run in order on one session).
// Ownership: owns its HTTP client and session; secrets are registered for redaction.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clients/http/http_client.h"
#include "clients/snowflake/response.h"
#include "common/redact.h"
#include "common/status.h"

namespace aq::snowflake {

// Snowflake holds a query request for up to about 45 s before it answers with the result or with
// "still running" (which the client then polls), so the read timeout must outlast that: a shorter
// one gives up on, and resends, statements Snowflake is still running.
inline http::HttpClientOptions QueryHttpOptions() {
  http::HttpClientOptions options;
  options.read_timeout = std::chrono::seconds(90);
  return options;
}

struct ClientConfig {
  std::string url;      // [scheme://]host[:port][/]
  std::string account;  // empty: from the URL's host (AccountFromHost)
  std::string user;
  Secret password;     // password login, when private_key is empty
  Secret private_key;  // PEM: key-pair (JWT) login
  Secret private_key_passphrase;
  std::string database, schema, warehouse, role;
  // Session parameters sent at login, as JSON values (e.g. {"TIMEZONE", "\"UTC\""}).
  std::vector<std::pair<std::string, std::string>> session_parameters;
  http::HttpClientOptions http = QueryHttpOptions();
  std::chrono::seconds query_timeout{3600};  // how long to poll a running query
};

// One positional bind variable of an array-bound statement: one value per row.
struct Binding {
  std::string type = "TEXT";
  std::vector<std::optional<std::string>> values;
};

// "https://host[:port]" for an account URL written with or without scheme, path or trailing slash.
Result<std::string> AccountOrigin(std::string_view url);
// The account name a host stands for: "xy12345.eu-west-1.snowflakecomputing.com" -> "XY12345";
// an IP address or localhost -> "LOCAL".
std::string AccountFromHost(std::string_view host);

class SnowflakeClient {
 public:
  // Logs in; the error says which login detail was refused when Snowflake says so.
  static Result<std::unique_ptr<SnowflakeClient>> Connect(ClientConfig config);
  ~SnowflakeClient();
  SnowflakeClient(const SnowflakeClient&) = delete;
  SnowflakeClient& operator=(const SnowflakeClient&) = delete;

  // Runs one statement. With `bindings` (positional ?, all the same length), as one array-bound
  // statement.
  Result<QueryResult> Execute(std::string_view sql, const std::vector<Binding>& bindings = {});
  // Ends the session (best effort; idempotent).
  Status Close();
  const std::string& origin() const { return origin_; }

 private:
  SnowflakeClient(ClientConfig config, std::string origin);
  Status Login();
  Result<http::HttpResponse> Post(const std::string& path_and_query, const std::string& body,
                                  bool authorized);
  Result<QueryResult> Poll(std::string result_url);

  ClientConfig config_;
  std::string origin_;
  std::unique_ptr<http::HttpClient> http_;
  std::string token_;
  int64_t sequence_ = 0;
};

}  // namespace aq::snowflake
