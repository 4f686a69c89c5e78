#include "sinks/snowflake/session.h"

#include "sinks/snowflake/type_mapping.h"

namespace aq::snowflake {

Result<std::unique_ptr<SnowflakeClient>> OpenSession(const SnowflakeLogin& login,
                                                     std::chrono::seconds read_timeout) {
  if (login.database.empty())
    return InvalidArgument(
        "the Snowflake login has no DATABASE (set it in the secret, SNOWFLAKE_DATABASE or "
        "--snowflake-database)");
  ClientConfig config;
  config.url = login.url;
  config.user = login.user;
  config.password = login.password;
  config.private_key = login.private_key;
  config.private_key_passphrase = login.private_key_passphrase;
  config.database = login.database;
  config.warehouse = login.warehouse;
  config.role = login.role;
  config.http.read_timeout = read_timeout;
  config.session_parameters = {
      {"TIMEZONE", "\"UTC\""}, {"AUTOCOMMIT", "true"}, {"QUERY_TAG", "\"aqpipe\""}};
  AQ_ASSIGN_OR_RETURN(auto db, SnowflakeClient::Connect(std::move(config)));
  if (!login.warehouse.empty()) {
    Status used = db->Execute("USE WAREHOUSE " + QuoteIdentifier(login.warehouse)).status();
    if (!used.ok()) return used.WithContext("using warehouse " + login.warehouse);
  }
  return db;
}

}  // namespace aq::snowflake
