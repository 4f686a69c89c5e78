#include "sinks/snowflake/type_mapping.h"

#include <algorithm>
#include <cctype>

namespace aq::snowflake {

const char* DeclaredType(Type type) {
  switch (type) {
    case Type::kBool:
      return "BOOLEAN";
    case Type::kInt64:
      return "NUMBER(38,0)";
    case Type::kDouble:
      return "FLOAT";
    case Type::kTimestamp:
      return "TIMESTAMP_TZ";
    case Type::kJson:
      return "VARIANT";
    case Type::kString:
    case Type::kNull:
      break;
  }
  return "VARCHAR";
}

Type TypeOfDeclared(std::string_view data_type, int scale) {
  std::string t(data_type);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::toupper(c); });
  if (t == "BOOLEAN") return Type::kBool;
  if (t == "NUMBER" || t == "FIXED" || t == "INTEGER" || t == "BIGINT")
    return scale == 0 ? Type::kInt64 : Type::kNull;
  if (t == "FLOAT" || t == "REAL" || t == "DOUBLE" || t == "DOUBLE PRECISION") return Type::kDouble;
  if (t == "TIMESTAMP_TZ" || t == "TIMESTAMP_LTZ") return Type::kTimestamp;
  if (t == "VARIANT" || t == "ARRAY") return Type::kJson;
  if (t == "TEXT" || t == "VARCHAR" || t == "STRING") return Type::kString;
  return Type::kNull;
}

std::string CastFromText(const std::string& column, Type type) {
  switch (type) {
    case Type::kJson:
      return "PARSE_JSON(" + column + ")";
    case Type::kString:
    case Type::kNull:
      return column;
    default:
      return column + "::" + DeclaredType(type);
  }
}

std::string StoredName(std::string_view name) {
  bool simple =
      !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    simple = simple && (std::islower(u) || std::isdigit(u) || c == '_' || c == '$');
  }
  std::string out(name);
  if (simple) {
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::toupper(c); });
  }
  return out;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : StoredName(name)) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void AppendLiteral(std::string_view text, std::string* out) {
  out->push_back('\'');
  for (char c : text) {
    if (c == '\'') {
      out->append("''");
    } else if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\0') {
      out->append("\\0");
    } else {
      out->push_back(c);
    }
  }
  out->push_back('\'');
}

std::string QuoteLiteral(std::string_view text) {
  std::string out;
  AppendLiteral(text, &out);
  return out;
}

}  // namespace aq::snowflake
