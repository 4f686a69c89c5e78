#include "clients/aws/secret_json.h"

#include "clients/aws/aws_session.h"
#include "clients/aws/secrets_manager.h"

namespace aq::aws {

Result<JsonMembers> ParseSecretJson(std::string_view secret_json, const std::string& secret_name,
                                    std::string_view expected) {
  auto members = ParseJsonObject(secret_json);
  if (!members.ok()) {
    // The parser's message names a position, never the text: safe to pass on.
    return InvalidArgument("malformed secret '" + secret_name + "': its value is " +
                           members.status().message() + " (store a JSON object with " +
                           std::string(expected) + ")");
  }
  return members;
}

Result<JsonMembers> ReadSecretJson(const std::string& secret_id, std::string_view expected) {
  AQ_ASSIGN_OR_RETURN(auto session, AwsSession::Shared());
  SecretsManagerClient client(session);
  AQ_ASSIGN_OR_RETURN(SecretValue value, client.GetSecretValue(secret_id));
  return ParseSecretJson(value.secret_string, secret_id, expected);
}

std::vector<std::string> SecretKeyNames(const JsonMembers& members) {
  std::vector<std::string> names;
  names.reserve(members.size());
  for (const auto& member : members) names.push_back(member.first);
  return names;
}

}  // namespace aq::aws
