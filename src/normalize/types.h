// The column types of a flattened table, and how they widen.
//
// Widening (docs/flattening.md): null gives way to anything; int64 with double
// gives double; any other disagreement gives string. Arrays are kept as JSON
// text (kJson), which widens to string when mixed with anything else.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

namespace aq {

enum class Type : uint8_t { kNull, kBool, kInt64, kDouble, kString, kTimestamp, kJson };

const char* TypeName(
    Type type);  // "boolean", "bigint", "double", "string", "timestamp", "json", "null"

Type Widen(Type a, Type b);

// True when a warehouse column holding `existing` (kNull: a type aqpipe does not load into) can
// take values of type `needed` without loss: the same type, double for bigint, or string for
// anything. Every warehouse sink refuses to load into a column for which this is false.
bool HoldsLosslessly(Type existing, Type needed);

// What one value in a record was, as seen by the flattener. kBadTimestamp is a string that looks
// like a date-time but is not a valid one (for example 2024-02-30T10:00:00Z).
enum class CellKind : uint8_t {
  kNull,
  kBool,
  kInt64,
  kDouble,
  kString,
  kTimestamp,
  kJson,
  kBadTimestamp
};

Type TypeOfKind(CellKind kind);

inline constexpr uint8_t KindBit(CellKind kind) {
  return static_cast<uint8_t>(1u << static_cast<unsigned>(kind));
}

}  // namespace aq
