#include "clients/snowflake/error_hints.h"

#include <array>
#include <utility>

namespace aq::snowflake {
namespace {

using Hint = std::pair<std::string_view, std::string_view>;

constexpr std::array kHints = {
    Hint{"390100",
         "check USER_NAME and PASSWORD in the secret given with --secret, or SNOWFLAKE_USER and "
         "SNOWFLAKE_PASSWORD"},
    Hint{"390144",
         "check that the private key, PRIVATE_KEY in the secret or SNOWFLAKE_PRIVATE_KEY, is the "
         "user's and that its public key is registered with "
         "ALTER USER <user> SET RSA_PUBLIC_KEY='...'"},
    Hint{
        "390189",
        "check ROLE in the secret, or SNOWFLAKE_ROLE: it must name a role granted to the user with "
        "GRANT ROLE <role> TO USER <user>, or be empty for the user's default role"},
    Hint{"390201",
         "check that DATABASE and WAREHOUSE in the secret, or SNOWFLAKE_DATABASE and "
         "SNOWFLAKE_WAREHOUSE, exist and that ROLE may use them"},
    Hint{"390112", "the Snowflake session expired; run aqpipe again, which skips loaded files"},
    Hint{"390114", "the Snowflake session expired; run aqpipe again, which skips loaded files"},
    Hint{"002043",
         "check that WAREHOUSE in the secret, or SNOWFLAKE_WAREHOUSE, names a warehouse that "
         "exists and that ROLE may use: GRANT USAGE ON WAREHOUSE <warehouse> TO ROLE <role>"},
    Hint{"002003",
         "check that DATABASE in the secret, or SNOWFLAKE_DATABASE, names a database that exists "
         "and that ROLE may use: GRANT USAGE ON DATABASE <database> TO ROLE <role>"},
    Hint{"003001",
         "grant ROLE the privileges it needs: USAGE and CREATE SCHEMA on the database, USAGE and "
         "CREATE TABLE on the schema, INSERT on the table; or choose another --schema"},
    Hint{"000606",
         "set WAREHOUSE in the secret, or SNOWFLAKE_WAREHOUSE, to a warehouse that ROLE may use"},
};

}  // namespace

std::string_view ErrorHint(std::string_view code) {
  for (const auto& [known, hint] : kHints) {
    if (known == code) return hint;
  }
  return {};
}

std::string_view AccountUrlHint() {
  return "check the account URL, URL in the secret or SNOWFLAKE_URL / SNOWFLAKE_ACCOUNT: it is "
         "https://<account>.snowflakecomputing.com, and this machine must be able to reach it";
}

std::string WithHint(std::string message, std::string_view hint) {
  if (hint.empty()) return message;
  message += " (";
  message += hint;
  message += ')';
  return message;
}

}  // namespace aq::snowflake
