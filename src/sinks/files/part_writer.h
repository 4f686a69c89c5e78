// PartWriter: one CSV part file in the making: header, rows, compression and
// upload through an OutputStream (the file appears only when Close succeeds).
//
// Rows are encoded into a block of about `block_bytes` of CSV, which is then
// compressed and written in one piece, so memory stays at about two blocks
// whatever the part size, and the compressed size is known after each block.
//
// Thread safety: none; used by the sink's (writer) thread.
// Ownership: owns its stream; borrows the compressor, which must outlive it
// and serve no other part meanwhile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "formats/compressed_file.h"
#include "formats/compressor.h"
#include "io/filesystem.h"
#include "normalize/cell_value.h"
#include "normalize/record_batch.h"
#include "normalize/schema.h"
#include "sinks/files/manifest.h"

namespace aq {

// One column of a part's header: which schema column, and the type its values are written as.
struct PartColumn {
  size_t index = 0;  // in Schema::columns()
  Type type = Type::kNull;
  std::string name;

  bool operator==(const PartColumn&) const = default;
};

// The schema's live columns, in schema order: the header of a part started now.
std::vector<PartColumn> LiveColumns(const Schema& schema);

class PartWriter {
 public:
  // `name` is the part's path relative to the output location, for the manifest.
  PartWriter(std::string name, std::vector<PartColumn> columns,
             std::unique_ptr<OutputStream> stream, Compressor* compressor, size_t block_bytes,
             CompressionPool* pool = nullptr);

  // Appends row `row` of `batch`; `schema` maps its cells to columns. Cells of columns the part
  // does not have are NULL (absent, or untyped when the part began), so they are not lost.
  Status AddRow(const Schema& schema, const RecordBatch& batch, size_t row);
  // Compressed bytes written so far (whole blocks only).
  uint64_t compressed_bytes() const { return file_.bytes(); }
  uint64_t rows() const { return rows_; }
  const std::vector<PartColumn>& columns() const { return columns_; }
  // Writes the last block, ends the compressed stream and publishes the file.
  Result<ManifestPart> Close();

 private:
  Status FlushBlock();

  std::string name_;
  std::vector<PartColumn> columns_;
  CompressedFile file_;
  size_t block_bytes_;
  std::vector<int> slot_of_index_;      // schema index -> position in the header, or -1
  std::vector<const Cell*> row_cells_;  // the current row's value per header position; null = NULL
  std::string csv_;                     // the block being filled
  TextBuffer scratch_;
  uint64_t rows_ = 0;
};

}  // namespace aq
