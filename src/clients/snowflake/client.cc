#include "clients/snowflake/client.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <thread>

#include "clients/http/url.h"
#include "clients/snowflake/encoding.h"
#include "clients/snowflake/error_hints.h"
#include "clients/snowflake/jwt.h"
#include "common/redact.h"
#include "common/text_format.h"

namespace aq::snowflake {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

void AddMember(const char* key, std::string_view value, std::string* json) {
  if (json->back() != '{') *json += ',';
  AppendJsonString(key, json);
  *json += ':';
  AppendJsonString(value, json);
}

// A Snowflake account that does not exist answers 403 or 404 without an envelope: at `login`, a
// 401/403 points at the account URL; a 404 always does.
Status HttpStatusError(const http::HttpResponse& response, const std::string& origin, bool login) {
  Status envelope = EnvelopeError(response.body);
  if (!envelope.ok()) return envelope;
  std::string what = "HTTP " + std::to_string(response.status) + " from Snowflake at " + origin;
  if (response.status == 401 || response.status == 403)
    return Unauthenticated(WithHint(what, login ? AccountUrlHint() : std::string_view()));
  if (response.status == 404) return NotFound(WithHint(what, AccountUrlHint()));
  return Unavailable(what);
}

}  // namespace

Result<std::string> AccountOrigin(std::string_view url) {
  std::string text(url);
  while (!text.empty() &&
         (text.back() == '/' || std::isspace(static_cast<unsigned char>(text.back()))))
    text.pop_back();
  if (text.empty()) return InvalidArgument("the Snowflake account URL is empty");
  if (text.find("://") == std::string::npos) text = "https://" + text;
  auto parsed = http::ParseUrl(text);
  if (!parsed.ok()) {
    return InvalidArgument(
        "the Snowflake account URL '" + std::string(url) +
        "' is not [https://]ACCOUNT.snowflakecomputing.com[:PORT]: " + parsed.status().message());
  }
  return parsed->Origin();
}

std::string AccountFromHost(std::string_view host) {
  if (host == "localhost" || host.find(':') != std::string_view::npos ||
      std::all_of(host.begin(), host.end(),
                  [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); })) {
    return "LOCAL";
  }
  return Upper(host.substr(0, host.find('.')));
}

SnowflakeClient::SnowflakeClient(ClientConfig config, std::string origin)
    : config_(std::move(config)),
      origin_(std::move(origin)),
      http_(std::make_unique<http::HttpClient>(config_.http)) {}

SnowflakeClient::~SnowflakeClient() { (void)Close(); }

Result<std::unique_ptr<SnowflakeClient>> SnowflakeClient::Connect(ClientConfig config) {
  if (config.user.empty()) return InvalidArgument("the Snowflake login has no user name");
  if (config.password.empty() && config.private_key.empty())
    return InvalidArgument("the Snowflake login has neither a password nor a private key");
  AQ_ASSIGN_OR_RETURN(std::string origin, AccountOrigin(config.url));
  if (config.account.empty()) {
    AQ_ASSIGN_OR_RETURN(http::Url url, http::ParseUrl(origin));
    config.account = AccountFromHost(url.host);
  }
  std::unique_ptr<SnowflakeClient> client(new SnowflakeClient(std::move(config), origin));
  AQ_RETURN_IF_ERROR(client->Login());
  return client;
}

Result<http::HttpResponse> SnowflakeClient::Post(const std::string& path_and_query,
                                                 const std::string& body, bool authorized) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = origin_ + path_and_query;
  request.body = body;
  // Snowflake runs a request at most once per requestId, so a resend cannot repeat an effect.
  request.retry_safety = http::RetrySafety::kSafe;
  request.headers = {{"Content-Type", "application/json"},
                     {"Accept", authorized ? "application/snowflake" : "application/json"},
                     {"User-Agent", "aqpipe/" AQPIPE_VERSION}};
  if (authorized)
    request.headers.emplace_back("Authorization", "Snowflake Token=\"" + token_ + "\"");
  auto response = http_->Send(request);
  if (!response.ok()) {
    // The request ids in the query string are noise to a reader: name the endpoint only.
    std::string said = response.status().message();
    if (size_t at = said.find(request.url); at != std::string::npos)
      said.replace(at, request.url.size(), request.url.substr(0, request.url.find('?')));
    return Status(response.status().code(),
                  WithHint("cannot reach Snowflake at " + origin_ + ": " + said,
                           authorized ? std::string_view() : AccountUrlHint()));
  }
  if (response->status < 200 || response->status >= 300)
    return HttpStatusError(*response, origin_, !authorized);
  return response;
}

Status SnowflakeClient::Login() {
  std::string data = "{";
  AddMember("CLIENT_APP_ID", "aqpipe", &data);
  AddMember("CLIENT_APP_VERSION", AQPIPE_VERSION, &data);
  AddMember("SVN_REVISION", "", &data);
  AddMember("ACCOUNT_NAME", config_.account, &data);
  AddMember("LOGIN_NAME", config_.user, &data);
  if (!config_.private_key.empty()) {
    JwtClaims claims{config_.account, config_.user, static_cast<int64_t>(std::time(nullptr)), 3600};
    AQ_ASSIGN_OR_RETURN(std::string jwt, MakeJwt(claims, config_.private_key.reveal(),
                                                 config_.private_key_passphrase.reveal()));
    redact::Register(jwt);
    AddMember("AUTHENTICATOR", "SNOWFLAKE_JWT", &data);
    AddMember("TOKEN", jwt, &data);
  } else {
    AddMember("PASSWORD", config_.password.reveal(), &data);
  }
  data += R"(,"CLIENT_ENVIRONMENT":{"APPLICATION":"aqpipe","OS":"Linux"},"SESSION_PARAMETERS":{)";
  for (size_t i = 0; i < config_.session_parameters.size(); ++i) {
    if (i) data += ',';
    AppendJsonString(config_.session_parameters[i].first, &data);
    data += ':' + config_.session_parameters[i].second;
  }
  std::string body = "{\"data\":" + data + "}}}";
  http::QueryParams params = {{"request_id", NewRequestId()}};
  if (!config_.database.empty()) params.emplace_back("databaseName", config_.database);
  if (!config_.schema.empty()) params.emplace_back("schemaName", config_.schema);
  if (!config_.warehouse.empty()) params.emplace_back("warehouse", config_.warehouse);
  if (!config_.role.empty()) params.emplace_back("roleName", config_.role);
  params.emplace_back("request_guid", NewRequestId());
  std::string who = "logging in to Snowflake at " + origin_ + " as user \"" + config_.user +
                    "\" (account " + config_.account + ", " +
                    (config_.private_key.empty() ? "password" : "key-pair") + " login)";
  auto response = Post("/session/v1/login-request?" + http::BuildQuery(params), body, false);
  if (!response.ok()) return response.status().WithContext(who);
  auto login = ParseLoginResponse(response->body);
  if (!login.ok()) return login.status().WithContext(who);
  token_ = login->token;
  return Status::Ok();
}

Result<QueryResult> SnowflakeClient::Execute(std::string_view sql,
                                             const std::vector<Binding>& bindings) {
  if (token_.empty()) return Internal("Snowflake query on a closed session");
  std::string body = "{";
  AddMember("sqlText", sql, &body);
  body +=
      ",\"asyncExec\":false,\"sequenceId\":" + std::to_string(++sequence_) +
      ",\"querySubmissionTime\":" + std::to_string(static_cast<int64_t>(std::time(nullptr)) * 1000);
  if (!bindings.empty()) {
    body += ",\"bindings\":{";
    for (size_t i = 0; i < bindings.size(); ++i) {
      body += (i ? ",\"" : "\"") + std::to_string(i + 1) + "\":{\"type\":";
      AppendJsonString(bindings[i].type, &body);
      body += ",\"value\":[";
      for (size_t r = 0; r < bindings[i].values.size(); ++r) {
        if (r) body += ',';
        if (bindings[i].values[r]) {
          AppendJsonString(*bindings[i].values[r], &body);
        } else {
          body += "null";
        }
      }
      body += "]}";
    }
    body += "}";
  }
  body += "}";
  std::string path =
      "/queries/v1/query-request?" +
      http::BuildQuery({{"requestId", NewRequestId()}, {"request_guid", NewRequestId()}});
  AQ_ASSIGN_OR_RETURN(http::HttpResponse response, Post(path, body, true));
  AQ_ASSIGN_OR_RETURN(QueryResponse parsed, ParseQueryResponse(response.body));
  if (parsed.in_progress) return Poll(std::move(parsed.result_url));
  return std::move(parsed.result);
}

Result<QueryResult> SnowflakeClient::Poll(std::string result_url) {
  auto deadline = std::chrono::steady_clock::now() + config_.query_timeout;
  auto wait = std::chrono::milliseconds(50);
  while (true) {
    http::HttpRequest request;
    request.url = result_url.starts_with("http") ? result_url : origin_ + result_url;
    request.headers = {{"Accept", "application/snowflake"},
                       {"Authorization", "Snowflake Token=\"" + token_ + "\""},
                       {"User-Agent", "aqpipe/" AQPIPE_VERSION}};
    AQ_ASSIGN_OR_RETURN(http::HttpResponse response, http_->Send(request));
    if (response.status < 200 || response.status >= 300)
      return HttpStatusError(response, origin_, false);
    AQ_ASSIGN_OR_RETURN(QueryResponse parsed, ParseQueryResponse(response.body));
    if (!parsed.in_progress) return std::move(parsed.result);
    if (std::chrono::steady_clock::now() > deadline)
      return Unavailable("a Snowflake query was still running after the query timeout");
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(2000));
    result_url = parsed.result_url;
  }
}

Status SnowflakeClient::Close() {
  if (token_.empty()) return Status::Ok();
  auto response = Post("/session?" + http::BuildQuery({{"delete", "true"},
                                                       {"request_id", NewRequestId()},
                                                       {"request_guid", NewRequestId()}}),
                       "{}", true);
  token_.clear();
  return response.status();
}

}  // namespace aq::snowflake
