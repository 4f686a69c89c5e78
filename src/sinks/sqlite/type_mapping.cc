#include "sinks/sqlite/type_mapping.h"

#include <algorithm>

namespace aq::sqlite {

const char* DeclaredType(Type type) {
  switch (type) {
    case Type::kBool:
      return "BOOLEAN";
    case Type::kInt64:
      return "BIGINT";
    case Type::kDouble:
      return "DOUBLE";
    case Type::kTimestamp:
      return "TIMESTAMP";
    case Type::kString:
    case Type::kJson:  // arrays as JSON text: SQLite's json_* functions read it
    case Type::kNull:
      break;
  }
  return "TEXT";
}

Type TypeOfDeclared(const std::string& declared) {
  std::string upper = declared;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (upper == "BOOLEAN") return Type::kBool;
  if (upper == "BIGINT" || upper == "INTEGER" || upper == "INT") return Type::kInt64;
  if (upper == "DOUBLE" || upper == "REAL" || upper == "FLOAT") return Type::kDouble;
  if (upper == "TIMESTAMP") return Type::kTimestamp;
  return Type::kString;
}

}  // namespace aq::sqlite
