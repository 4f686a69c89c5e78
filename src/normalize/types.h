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
// like a date-time but is not a valid one (for example 2024-02-30T10:00:00Z). kHugeInteger is an
// integer beyond int64, kept as its digits: it types its column as a string so no digit is lost.
enum class CellKind : uint8_t {
  kNull,
  kBool,
  kInt64,
  kDouble,
  kString,
  kTimestamp,
  kJson,
  kBadTimestamp,
  kHugeInteger
};
inline constexpr unsigned kNumCellKinds = 9;

// The kinds of values a column held, one bit per CellKind.
using KindMask = uint16_t;

Type TypeOfKind(CellKind kind);
// "bigint", "date-time", "integer beyond 64 bits", ... for messages about mixed columns.
const char* KindName(CellKind kind);

// The type of a column whose values were of the kinds in `kinds` (docs/flattening.md, section 3).
// Only the set matters, so the type never depends on which value came first:
//   - `timestamp_column` (OpenAQ's date columns, or a column an earlier pass found to be one):
//     timestamp, whatever it holds; every value that is not a valid date-time is quarantined;
//   - valid date-times, possibly with invalid ones (date-time shaped, e.g. 2024-02-30T00:00Z):
//     timestamp; the invalid ones are quarantined;
//   - otherwise the widening of the kinds (Widen), date-times and big integers counting as text.
Type InferColumnType(KindMask kinds, bool timestamp_column);

inline constexpr KindMask KindBit(CellKind kind) {
  return static_cast<KindMask>(1u << static_cast<unsigned>(kind));
}

}  // namespace aq
