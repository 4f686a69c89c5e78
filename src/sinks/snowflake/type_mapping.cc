#include "sinks/snowflake/type_mapping.h"

#include <algorithm>
#include <cctype>

namespace aq::snowflake {

namespace {

class Mapper final : public TypeMapper {
 public:
  const char* DeclaredType(Type type) const override {
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

  Type TypeOfDeclared(DeclaredColumn column) const override {
    std::string t(column.type);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::toupper(c); });
    if (t == "BOOLEAN") return Type::kBool;
    if (t == "NUMBER" || t == "FIXED" || t == "INTEGER" || t == "BIGINT")
      return column.scale == 0 ? Type::kInt64 : Type::kNull;
    if (t == "FLOAT" || t == "REAL" || t == "DOUBLE" || t == "DOUBLE PRECISION") return Type::kDouble;
    if (t == "TIMESTAMP_TZ" || t == "TIMESTAMP_LTZ") return Type::kTimestamp;
    if (t == "VARIANT" || t == "ARRAY") return Type::kJson;
    if (t == "TEXT" || t == "VARCHAR" || t == "STRING") return Type::kString;
    return Type::kNull;
  }
};

}  // namespace

const TypeMapper& Types() {
  static const Mapper mapper;
  return mapper;
}

std::string CastFromText(const std::string& column, Type type) {
  switch (type) {
    case Type::kJson:
      return "PARSE_JSON(" + column + ")";
    case Type::kString:
    case Type::kNull:
      return column;
    default:
      return column + "::" + Types().DeclaredType(type);
  }
}

namespace {

// A name Snowflake folds to one case when unquoted: letters of `is_case`, digits, '_' and '$', not
// starting with a digit or '$'.
bool FoldsTo(std::string_view name, int (*is_case)(int)) {
  bool simple = !name.empty() && (is_case(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    simple = simple && (is_case(u) || std::isdigit(u) || c == '_' || c == '$');
  }
  return simple;
}

std::string Recased(std::string_view name, int (*to_case)(int)) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [to_case](unsigned char c) { return static_cast<char>(to_case(c)); });
  return out;
}

// Named wrappers: the standard functions' addresses may not be taken.
int IsLower(int c) { return std::islower(c); }
int IsUpper(int c) { return std::isupper(c); }
int ToLower(int c) { return std::tolower(c); }
int ToUpper(int c) { return std::toupper(c); }

}  // namespace

std::string StoredName(std::string_view name) {
  return FoldsTo(name, IsLower) ? Recased(name, ToUpper) : std::string(name);
}

std::string RunName(std::string_view stored) {
  return FoldsTo(stored, IsUpper) ? Recased(stored, ToLower) : std::string(stored);
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
