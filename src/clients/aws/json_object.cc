#include "clients/aws/json_object.h"

#include <simdjson.h>

namespace aq::aws {

Result<JsonMembers> ParseJsonObject(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return CorruptInput(std::string("not valid JSON (") + simdjson::error_message(error) + ")");
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    return CorruptInput("JSON is not an object");
  JsonMembers out;
  for (auto field : object) {
    std::string value;
    std::string_view text_value;
    if (field.value.get_string().get(text_value) == simdjson::SUCCESS) {
      value = std::string(text_value);
    } else {
      value = simdjson::minify(field.value);
    }
    out.emplace_back(std::string(field.key), std::move(value));
  }
  return out;
}

std::optional<std::string> Member(const JsonMembers& members, std::string_view key) {
  for (const auto& [name, value] : members) {
    if (name == key) return value;
  }
  return std::nullopt;
}

}  // namespace aq::aws
