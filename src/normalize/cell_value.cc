#include "normalize/cell_value.h"

#include <charconv>

namespace aq {

std::string_view CellText(const Cell& cell, const RecordBatch& batch, Type type,
                          TextBuffer* scratch) {
  if (cell.kind == CellKind::kTimestamp && type == Type::kTimestamp) {
    size_t n = FormatUtc(batch.timestamps[cell.aux], scratch->bytes);
    return {scratch->bytes, n};
  }
  return cell.text();
}

int64_t CellInt64(const Cell& cell) {
  int64_t value = 0;
  std::from_chars(cell.data, cell.data + cell.size, value);
  return value;
}

double CellDouble(const Cell& cell) {
  double value = 0;
  std::from_chars(cell.data, cell.data + cell.size, value);
  return value;
}

}  // namespace aq
