// Snowflake error hints: for a Snowflake error code, what to change to fix it
// (which login setting, flag or grant), so that every Snowflake error aqpipe
// reports says both what failed and what to do about it.
//
// Login settings are named both ways aqpipe reads them: the --secret JSON key
// (USER_NAME, PASSWORD, ROLE, ...) and the environment variable (SNOWFLAKE_*).
//
// Thread safety: pure functions over constant text.
#pragma once

#include <string>
#include <string_view>

namespace aq::snowflake {

// The hint for Snowflake error `code` (e.g. "390100"), or "" when aqpipe has none for it.
std::string_view ErrorHint(std::string_view code);

// The hint for an account URL that cannot be reached or answers as no Snowflake
// account does (DNS failure, refused connection, HTTP 403/404).
std::string_view AccountUrlHint();

// `message` with `hint` appended as " (hint)"; `message` alone when the hint is empty.
std::string WithHint(std::string message, std::string_view hint);

}  // namespace aq::snowflake
