#include "normalize/types.h"

namespace aq {

const char* TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kInt64:
      return "bigint";
    case Type::kDouble:
      return "double";
    case Type::kString:
      return "string";
    case Type::kTimestamp:
      return "timestamp";
    case Type::kJson:
      return "json";
  }
  return "unknown";
}

Type Widen(Type a, Type b) {
  if (a == b) return a;
  if (a == Type::kNull) return b;
  if (b == Type::kNull) return a;
  if ((a == Type::kInt64 && b == Type::kDouble) || (a == Type::kDouble && b == Type::kInt64)) {
    return Type::kDouble;
  }
  return Type::kString;
}

Type TypeOfKind(CellKind kind) {
  switch (kind) {
    case CellKind::kNull:
      return Type::kNull;
    case CellKind::kBool:
      return Type::kBool;
    case CellKind::kInt64:
      return Type::kInt64;
    case CellKind::kDouble:
      return Type::kDouble;
    case CellKind::kString:
      return Type::kString;
    case CellKind::kTimestamp:
      return Type::kTimestamp;
    case CellKind::kJson:
      return Type::kJson;
    case CellKind::kBadTimestamp:
      return Type::kString;
  }
  return Type::kString;
}

bool HoldsLosslessly(Type existing, Type needed) {
  if (existing == Type::kNull) return false;
  if (existing == needed || needed == Type::kNull) return true;
  if (existing == Type::kString) return true;  // every value has a text form
  return existing == Type::kDouble && needed == Type::kInt64;
}

}  // namespace aq
