#include "sinks/snowflake/type_mapping.h"

#include <algorithm>
#include <cctype>

namespace aq::snowflake {

namespace {

// Snowflake's integers are NUMBER(p,0): a column with digits after the point holds no int64.
class Mapper final : public TableTypeMapper {
 public:
  Mapper()
      : TableTypeMapper({{Type::kBool, "BOOLEAN"},
                         {Type::kInt64, "NUMBER(38,0)"},
                         {Type::kDouble, "FLOAT"},
                         {Type::kTimestamp, "TIMESTAMP_TZ"},
                         {Type::kJson, "VARIANT"}},
                        "VARCHAR",
                        {{"BOOLEAN", Type::kBool},
                         {"NUMBER", Type::kInt64},
                         {"FIXED", Type::kInt64},
                         {"INTEGER", Type::kInt64},
                         {"BIGINT", Type::kInt64},
                         {"FLOAT", Type::kDouble},
                         {"REAL", Type::kDouble},
                         {"DOUBLE", Type::kDouble},
                         {"DOUBLE PRECISION", Type::kDouble},
                         {"TIMESTAMP_TZ", Type::kTimestamp},
                         {"TIMESTAMP_LTZ", Type::kTimestamp},
                         {"VARIANT", Type::kJson},
                         {"ARRAY", Type::kJson},
                         {"TEXT", Type::kString},
                         {"VARCHAR", Type::kString},
                         {"STRING", Type::kString}},
                        Type::kNull) {}

  Type TypeOfDeclared(DeclaredColumn column) const override {
    Type type = TableTypeMapper::TypeOfDeclared(column);
    return type == Type::kInt64 && column.scale != 0 ? Type::kNull : type;
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
