#include "sinks/sqlite/type_mapping.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace aq::sqlite {

namespace {

class Mapper final : public TypeMapper {
 public:
  const char* DeclaredType(Type type) const override {
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

  Type TypeOfDeclared(DeclaredColumn column) const override {
    std::string upper(column.type);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    if (upper == "BOOLEAN") return Type::kBool;
    if (upper == "BIGINT" || upper == "INTEGER" || upper == "INT") return Type::kInt64;
    if (upper == "DOUBLE" || upper == "REAL" || upper == "FLOAT") return Type::kDouble;
    if (upper == "TIMESTAMP") return Type::kTimestamp;
    return Type::kString;
  }
};

}  // namespace

const TypeMapper& Types() {
  static const Mapper mapper;
  return mapper;
}

}  // namespace aq::sqlite
