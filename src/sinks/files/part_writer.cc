#include "sinks/files/part_writer.h"

#include <algorithm>

#include "formats/csv_writer.h"

namespace aq {

std::vector<PartColumn> LiveColumns(const Schema& schema) {
  std::vector<PartColumn> live;
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (schema.IsLive(i)) live.push_back({i, schema.columns()[i].type, schema.columns()[i].name});
  }
  return live;
}

PartWriter::PartWriter(std::string name, std::vector<PartColumn> columns,
                       std::unique_ptr<OutputStream> stream, Compressor* compressor,
                       size_t block_bytes, CompressionPool* pool)
    : name_(std::move(name)),
      columns_(std::move(columns)),
      file_(std::move(stream), compressor, pool),
      block_bytes_(std::max<size_t>(block_bytes, 1)),
      row_cells_(columns_.size(), nullptr) {
  std::vector<std::string> names;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].index >= slot_of_index_.size())
      slot_of_index_.resize(columns_[i].index + 1, -1);
    slot_of_index_[columns_[i].index] = static_cast<int>(i);
    names.push_back(columns_[i].name);
  }
  csv_.reserve(std::min<size_t>(block_bytes_, 64 << 20) + 64 * 1024);
  AppendCsvHeader(names, &csv_);
}

Status PartWriter::AddRow(const Schema& schema, const RecordBatch& batch, size_t row) {
  std::fill(row_cells_.begin(), row_cells_.end(), nullptr);
  for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
    const Cell& cell = batch.cells[c];
    int index = schema.IndexOfPath(cell.column);
    if (index < 0 || static_cast<size_t>(index) >= slot_of_index_.size()) continue;
    int slot = slot_of_index_[static_cast<size_t>(index)];
    // The last value of a repeated key wins, as in the other sinks.
    if (slot >= 0) {
      row_cells_[static_cast<size_t>(slot)] = cell.kind == CellKind::kNull ? nullptr : &cell;
    }
  }
  for (size_t i = 0; i < row_cells_.size(); ++i) {
    if (i > 0) csv_.push_back(',');
    const Cell* cell = row_cells_[i];
    if (cell == nullptr) continue;
    std::string_view text = CellText(*cell, batch, columns_[i].type, &scratch_);
    // Numbers, booleans and valid date-times never hold a byte that needs quoting (and are never
    // empty): skip the scan for them, which is most of the cells of a measurement row.
    if (cell->kind == CellKind::kInt64 || cell->kind == CellKind::kDouble ||
        cell->kind == CellKind::kBool || cell->kind == CellKind::kTimestamp) {
      csv_.append(text);
    } else {
      AppendCsvField(text, &csv_);
    }
  }
  csv_.push_back('\n');
  ++rows_;
  return csv_.size() >= block_bytes_ ? FlushBlock() : Status::Ok();
}

Status PartWriter::FlushBlock() {
  AQ_RETURN_IF_ERROR(file_.Write(csv_));
  csv_.clear();
  return Status::Ok();
}

Result<ManifestPart> PartWriter::Close() {
  AQ_RETURN_IF_ERROR(FlushBlock());
  AQ_RETURN_IF_ERROR(file_.Close());
  ManifestPart part{name_, rows_, file_.bytes(), {}};
  for (const PartColumn& column : columns_) part.columns.push_back(column.name);
  return part;
}

}  // namespace aq
