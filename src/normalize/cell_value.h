// Converting a cell to the value a column of a given type holds. Shared by
// every sink so that all warehouses load the same values (docs/type-mapping.md).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "normalize/record_batch.h"
#include "normalize/types.h"

namespace aq {

struct TextBuffer {
  char bytes[kMaxTimestampText];
};

// The text to load for `cell` into a column of `type`: timestamps as UTC "YYYY-MM-DD HH:MM:SS[.f]",
// booleans as true/false, numbers as written in the JSON, strings unescaped, arrays as JSON text.
// A string column keeps every value as written in the input.
std::string_view CellText(const Cell& cell, const RecordBatch& batch, Type type,
                          TextBuffer* scratch);

// Numeric views; valid for cells whose kind is kInt64/kDouble (kBool for CellBool).
int64_t CellInt64(const Cell& cell);
double CellDouble(const Cell& cell);
inline bool CellBool(const Cell& cell) { return cell.size == 4; }  // "true"

}  // namespace aq
