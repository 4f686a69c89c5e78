#include "clients/snowflake/response.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "clients/snowflake/error_hints.h"
#include "common/redact.h"
#include "common/text_format.h"

namespace aq::snowflake {
namespace {

using simdjson::dom::element;

Status Malformed(const std::string& what) {
  return CorruptInput("unexpected response from Snowflake: " + what);
}

std::string Text(element value) {  // a string member, or a number's text; "" for null/absent
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  if (value.is_null()) return "";
  return simdjson::minify(value);
}

std::string MemberText(element object, const char* key) {
  element value;
  if (object[key].get(value) != simdjson::SUCCESS) return "";
  return Text(value);
}

// The envelope's error, if it reports one.
Status CheckEnvelope(element doc) {
  bool success = false;
  if (doc["success"].get(success) == simdjson::SUCCESS && success) return Status::Ok();
  std::string code = MemberText(doc, "code");
  std::string message = MemberText(doc, "message");
  if (code.empty()) {
    element data;
    if (doc["data"].get(data) == simdjson::SUCCESS && data.is_object())
      code = MemberText(data, "errorCode");
  }
  if (code.empty() && message.empty()) return Malformed("no success flag and no error");
  return SnowflakeError(code, message);
}

Status Parse(simdjson::dom::parser& parser, const simdjson::padded_string& text, element* doc) {
  if (parser.parse(text).get(*doc) != simdjson::SUCCESS || !doc->is_object())
    return Malformed("not a JSON object");
  return Status::Ok();
}

Status ReadJsonRowset(simdjson::dom::array rowset, std::vector<TextRow>* rows) {
  for (element row : rowset) {
    simdjson::dom::array cells;
    if (row.get_array().get(cells) != simdjson::SUCCESS) return Malformed("a rowset row");
    TextRow out;
    for (element cell : cells) {
      if (cell.is_null()) {
        out.emplace_back();
      } else {
        out.emplace_back(Text(cell));
      }
    }
    rows->push_back(std::move(out));
  }
  return Status::Ok();
}

}  // namespace

uint64_t QueryResult::RowsAffected() const {
  uint64_t total = 0;
  if (rows.empty()) return 0;
  for (const auto& cell : rows.front()) {
    uint64_t v = 0;
    if (cell && std::from_chars(cell->data(), cell->data() + cell->size(), v).ec == std::errc())
      total += v;
  }
  return total;
}

Status SnowflakeError(std::string_view code, std::string_view message) {
  // Snowflake splits messages over lines ("SQL compilation error:\n..."): keep them on one.
  std::string said(message.empty() ? "(no message)" : message);
  std::replace(said.begin(), said.end(), '\n', ' ');
  std::string text = WithHint("Snowflake error " + std::string(code.empty() ? "(no code)" : code) +
                                  ": " + redact::Scrub(said),
                              ErrorHint(code));
  StatusCode status = StatusCode::kInternal;
  if (code == "390189" || code == "003001") {
    status = StatusCode::kPermissionDenied;
  } else if (code == "390201" || code == "002003" || code == "002043") {
    status = StatusCode::kNotFound;
  } else if (code.starts_with("390") || code == "394304") {
    status = StatusCode::kUnauthenticated;
  } else if (code == "001003") {
    status = StatusCode::kInvalidArgument;
  } else if (code.starts_with("100")) {
    status = StatusCode::kDataError;
  } else if (code == "000606") {
    status = StatusCode::kFailedPrecondition;
  } else if (code == "000625" || code == "000630") {
    status = StatusCode::kUnavailable;
  }
  return {status, text};
}

Status EnvelopeError(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(body);
  element doc;
  if (!Parse(parser, text, &doc).ok()) return Status::Ok();
  return CheckEnvelope(doc);
}

Result<LoginResponse> ParseLoginResponse(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(body);
  element doc, data;
  AQ_RETURN_IF_ERROR(Parse(parser, text, &doc));
  AQ_RETURN_IF_ERROR(CheckEnvelope(doc));
  if (doc["data"].get(data) != simdjson::SUCCESS) return Malformed("login without data");
  LoginResponse out;
  out.token = MemberText(data, "token");
  out.master_token = MemberText(data, "masterToken");
  if (out.token.empty()) return Malformed("login without a session token");
  redact::Register(out.token);
  redact::Register(out.master_token);
  return out;
}

Result<QueryResponse> ParseQueryResponse(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(body);
  element doc, data;
  AQ_RETURN_IF_ERROR(Parse(parser, text, &doc));
  QueryResponse out;
  std::string code = MemberText(doc, "code");
  bool has_data = doc["data"].get(data) == simdjson::SUCCESS && data.is_object();
  if (code == "333333" || code == "333334") {
    out.in_progress = true;
    if (has_data) out.result_url = MemberText(data, "getResultUrl");
    if (out.result_url.empty()) return Malformed("query in progress without a result URL");
    return out;
  }
  AQ_RETURN_IF_ERROR(CheckEnvelope(doc));
  if (!has_data) return Malformed("query result without data");
  QueryResult& result = out.result;
  result.query_id = MemberText(data, "queryId");
  int64_t type = 0;
  if (data["statementTypeId"].get(type) == simdjson::SUCCESS) result.statement_type = type;
  simdjson::dom::array rowtype;
  if (data["rowtype"].get(rowtype) == simdjson::SUCCESS) {
    for (element column : rowtype) {
      ResultColumn c{MemberText(column, "name"), MemberText(column, "type"), 0};
      int64_t scale = 0;
      if (column["scale"].get(scale) == simdjson::SUCCESS) c.scale = static_cast<int>(scale);
      result.columns.push_back(std::move(c));
    }
  }
  simdjson::dom::array chunks;
  if (data["chunks"].get(chunks) == simdjson::SUCCESS && chunks.size() > 0)
    return Unavailable("the Snowflake result is split into chunks, which aqpipe does not fetch");
  simdjson::dom::array rowset;
  std::string_view base64;
  if (data["rowset"].get(rowset) == simdjson::SUCCESS) {
    AQ_RETURN_IF_ERROR(ReadJsonRowset(rowset, &result.rows));
  } else if (data["rowsetBase64"].get(base64) == simdjson::SUCCESS && !base64.empty()) {
    AQ_ASSIGN_OR_RETURN(std::string bytes, Base64Decode(base64));
    AQ_ASSIGN_OR_RETURN(Rowset decoded, DecodeArrowStream(bytes));
    result.rows = std::move(decoded.rows);
  }
  return out;
}

}  // namespace aq::snowflake
