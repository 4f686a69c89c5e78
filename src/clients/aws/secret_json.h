// A Secrets Manager secret read as a JSON object of strings, the shape every
// warehouse login secret has (e.g. snowflake/capstone/login). What the members
// mean is the warehouse's business (sinks/<name>/); this only fetches and parses.
// Errors name the secret and positions, never any value.
//
// Thread safety: pure functions; ReadSecretJson shares the process's AwsSession.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clients/aws/json_object.h"
#include "common/status.h"

namespace aq::aws {

// `secret_name` is only for messages; `expected` says what the secret should hold, for the message
// when it is not a JSON object (e.g. "keys URL, USER_NAME, PASSWORD, ...").
Result<JsonMembers> ParseSecretJson(std::string_view secret_json, const std::string& secret_name,
                                    std::string_view expected);

// GetSecretValue(`secret_id`) through the shared AWS session, then ParseSecretJson.
Result<JsonMembers> ReadSecretJson(const std::string& secret_id, std::string_view expected);

// The key names of a secret's JSON object, in order (for aws-check), never values.
std::vector<std::string> SecretKeyNames(const JsonMembers& members);

}  // namespace aq::aws
