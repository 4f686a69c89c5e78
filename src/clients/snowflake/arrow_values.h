// Internals of arrow_reader: one column of a record batch to text values.
// Columns are laid out depth-first: each field takes one FieldNode and its
// type's buffers (validity first), then its children do the same.
//
// Thread safety: pure functions over borrowed bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::snowflake::arrow {

__extension__ typedef __int128 Int128;  // Decimal128 values
__extension__ typedef unsigned __int128 UInt128;

// Arrow's Type union tags (Schema.fbs).
enum TypeTag : uint8_t {
  kNullType = 1,
  kInt = 2,
  kFloatingPoint = 3,
  kBinary = 4,
  kUtf8 = 5,
  kBool = 6,
  kDecimal = 7,
  kDate = 8,
  kStruct = 13,
  kLargeBinary = 19,
  kLargeUtf8 = 20,
};

struct Field {
  std::string name;
  uint8_t type = 0;
  int bit_width = 0;
  bool is_signed = true;
  int scale = 0;             // Decimal's scale, or Snowflake's "scale" metadata
  std::string logical_type;  // Snowflake's "logicalType" metadata (FIXED, TIMESTAMP_TZ...)
  std::vector<Field> children;
};

struct Node {
  int64_t length;
  int64_t null_count;
};

struct BatchCursor {
  std::vector<Node> nodes;
  std::vector<std::string_view> buffers;
  size_t next_node = 0;
  size_t next_buffer = 0;
};

// Appends the text of every value of `field` (consuming its nodes and buffers) to *out.
Status DecodeColumn(const Field& field, BatchCursor* cursor,
                    std::vector<std::optional<std::string>>* out);

// `value` / 10^scale as decimal text: FormatScaled(-150, 2) == "-1.50".
std::string FormatScaled(Int128 value, int scale);

}  // namespace aq::snowflake::arrow
