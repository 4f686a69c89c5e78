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
    case CellKind::kHugeInteger:
      return Type::kString;
  }
  return Type::kString;
}

const char* KindName(CellKind kind) {
  switch (kind) {
    case CellKind::kNull:
      return "null";
    case CellKind::kBool:
      return "boolean";
    case CellKind::kInt64:
      return "bigint";
    case CellKind::kDouble:
      return "double";
    case CellKind::kString:
      return "text";
    case CellKind::kTimestamp:
      return "date-time";
    case CellKind::kJson:
      return "array";
    case CellKind::kBadTimestamp:
      return "invalid date-time";
    case CellKind::kHugeInteger:
      return "integer beyond 64 bits";
  }
  return "value";
}

bool HoldsLosslessly(Type existing, Type needed) {
  if (existing == Type::kNull) return false;
  if (existing == needed || needed == Type::kNull) return true;
  if (existing == Type::kString) return true;  // every value has a text form
  return existing == Type::kDouble && needed == Type::kInt64;
}

}  // namespace aq

namespace aq {

Type InferColumnType(KindMask kinds, bool timestamp_column) {
  kinds &= static_cast<KindMask>(~KindBit(CellKind::kNull));
  if (kinds == 0) return Type::kNull;
  if (timestamp_column) return Type::kTimestamp;
  const KindMask date_times = KindBit(CellKind::kTimestamp) | KindBit(CellKind::kBadTimestamp);
  if ((kinds & KindBit(CellKind::kTimestamp)) && (kinds & ~date_times) == 0)
    return Type::kTimestamp;
  Type type = Type::kNull;
  for (unsigned k = 1; k < kNumCellKinds; ++k) {
    auto kind = static_cast<CellKind>(k);
    if (kinds & KindBit(kind)) {
      type = Widen(type, kind == CellKind::kTimestamp ? Type::kString : TypeOfKind(kind));
    }
  }
  return type;
}

}  // namespace aq
