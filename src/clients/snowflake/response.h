// The JSON envelopes of Snowflake's REST protocol, read into values, and
// Snowflake error codes turned into Status.
//
// Every response is {"data": {...}, "code": "390100" | null, "message": ...,
// "success": bool}. A query's data carries `rowtype` (column names and
// Snowflake types) and either `rowset` (JSON: arrays of strings or nulls) or
// `rowsetBase64` (an Arrow IPC stream, arrow_reader.h); both become the same
// text rows. Codes 333333/333334 mean the query is still running: the data
// then has `getResultUrl` to poll. Results split into `chunks` (large results
// on real Snowflake, fetched from cloud storage) are refused: aqpipe's
// queries return small results.
//
// Error mapping: 390100 and other 390xxx login/session codes -> kUnauthenticated
// (390189 role not granted -> kPermissionDenied; 390201 database/warehouse
// missing -> kNotFound), 002003/002043 object does not exist -> kNotFound,
// 003001 insufficient privileges -> kPermissionDenied, 001003 SQL compilation
// -> kInvalidArgument, 100xxx data conversion -> kDataError, 000606 no active
// warehouse -> kFailedPrecondition, 000625/000630 -> kUnavailable, others kInternal.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clients/snowflake/arrow_reader.h"
#include "common/status.h"

namespace aq::snowflake {

struct ResultColumn {
  std::string name;
  std::string type;  // Snowflake's rowtype type: fixed, real, text, boolean, timestamp_tz...
  int scale = 0;
};

struct QueryResult {
  std::string query_id;
  int64_t statement_type = 0;
  std::vector<ResultColumn> columns;
  std::vector<TextRow> rows;
  // Rows inserted/updated/deleted, for DML (the sum of the first row's numeric columns).
  uint64_t RowsAffected() const;
};

struct QueryResponse {
  bool in_progress = false;  // poll result_url
  std::string result_url;
  QueryResult result;
};

struct LoginResponse {
  std::string token;
  std::string master_token;
};

// A Status for Snowflake error `code` and `message` on one line, ending with what to fix when
// error_hints.h knows: "Snowflake error 390100: Incorrect ... (check USER_NAME and PASSWORD ...)".
Status SnowflakeError(std::string_view code, std::string_view message);

Result<LoginResponse> ParseLoginResponse(std::string_view body);
Result<QueryResponse> ParseQueryResponse(std::string_view body);
// Snowflake's success:false envelope, when `body` is one (for HTTP error statuses); else Ok.
Status EnvelopeError(std::string_view body);

}  // namespace aq::snowflake
