#include "clients/aws/warehouse_login.h"

#include <cctype>
#include <utility>

#include "clients/aws/json_object.h"

namespace aq::aws {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<JsonMembers> ParseSecret(std::string_view secret_json, const std::string& secret_name) {
  auto members = ParseJsonObject(secret_json);
  if (!members.ok()) {
    // The parser's message names a position, never the text: safe to pass on.
    return InvalidArgument("malformed secret '" + secret_name + "': its value is " +
                           members.status().message() +
                           " (store a JSON object with keys URL, USER_NAME, PASSWORD, ...)");
  }
  return members;
}

}  // namespace

Result<WarehouseLogin> ParseWarehouseLogin(std::string_view secret_json,
                                           const std::string& secret_name) {
  AQ_ASSIGN_OR_RETURN(JsonMembers members, ParseSecret(secret_json, secret_name));
  WarehouseLogin login;
  std::string password, private_key, passphrase;  // held as Secrets below
  const std::pair<const char*, std::string*> fields[] = {
      {"URL", &login.url},
      {"USER_NAME", &login.user},
      {"USERNAME", &login.user},
      {"USER", &login.user},
      {"PASSWORD", &password},
      {"DATABASE", &login.database},
      {"WAREHOUSE", &login.warehouse},
      {"ROLE", &login.role},
      {"SCHEMA", &login.schema},
      {"PRIVATE_KEY", &private_key},
      {"PRIVATE_KEY_PASSPHRASE", &passphrase},
  };
  for (const auto& [key, value] : members) {
    std::string name = Upper(key);
    for (const auto& [field, target] : fields) {
      // The first spelling found wins; USER_NAME is listed before its aliases.
      if (name == field && target->empty()) *target = value;
    }
  }
  login.password = std::move(password);
  login.private_key = std::move(private_key);
  login.private_key_passphrase = std::move(passphrase);
  std::vector<std::string> missing;
  if (login.url.empty()) missing.push_back("URL");
  if (login.user.empty()) missing.push_back("USER_NAME");
  if (login.password.empty() && login.private_key.empty())
    missing.push_back("PASSWORD or PRIVATE_KEY");
  if (!missing.empty()) {
    std::string list;
    for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
    std::string present;
    for (const auto& [key, value] : members) present += (present.empty() ? "" : ", ") + key;
    return InvalidArgument("malformed secret '" + secret_name + "': missing " + list +
                           " (keys present: " + (present.empty() ? "none" : present) +
                           "; key names match in any case)");
  }
  return login;
}

Result<std::vector<std::string>> SecretKeyNames(std::string_view secret_json,
                                                const std::string& secret_name) {
  AQ_ASSIGN_OR_RETURN(JsonMembers members, ParseSecret(secret_json, secret_name));
  std::vector<std::string> names;
  for (const auto& member : members) names.push_back(member.first);
  return names;
}

}  // namespace aq::aws
