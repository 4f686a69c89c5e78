// RecordBatch: the flattened records of one chunk of input, the unit of work
// between the parallel readers and the single, in-order writer.
//
// Rows are sparse: each row is a run of cells (column id + value), and a
// column a record does not have is NULL. Cell text points into the input
// buffer or the batch's arena, so a batch owns (shares) both.
//
// Thread safety: built by one worker, then handed over whole to the writer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "normalize/timestamp.h"
#include "normalize/types.h"
#include "readers/chunk_reader.h"

namespace aq {

struct Cell {
  const char* data;  // JSON number text, "true"/"false", unescaped string, or array JSON text
  uint32_t size;
  uint32_t column;  // ColumnRegistry id
  CellKind kind;
  uint32_t aux;  // kTimestamp: index into RecordBatch::timestamps

  std::string_view text() const { return {data, size}; }
};

// Where a record came from; line and index are relative to the batch's unit (see BatchOrigin).
struct RecordRef {
  uint64_t line = 0;   // 0-based
  uint64_t index = 0;  // 0-based
  std::string_view raw;
};

struct Reject {
  RecordRef ref;
  std::string reason;
};

// Which part of the input a batch is: batches are written in (unit, chunk) order.
struct BatchOrigin {
  uint64_t unit = 0;   // work unit: a file, or a byte range of a large file
  uint64_t chunk = 0;  // chunk number within the unit
  bool last_in_unit = false;
  uint32_t object = 0;  // index into the run's object list
  bool first_range_of_object = true;
};

struct RecordBatch {
  BatchOrigin origin;
  std::shared_ptr<PaddedBuffer> input;
  Arena arena;

  std::vector<Cell> cells;
  std::vector<uint32_t> row_end;  // row r is cells[r ? row_end[r-1] : 0, row_end[r])
  std::vector<RecordRef> rows;
  std::vector<Timestamp> timestamps;
  std::vector<Reject> rejects;

  // Per column id (indexed by registry id, grown on demand): the kinds seen in this batch;
  // columns_in_order lists ids in order of first appearance. Only the set of kinds types a column,
  // never their order (docs/flattening.md, section 3).
  std::vector<KindMask> kind_mask;
  std::vector<uint32_t> columns_in_order;

  // Warnings about the input found while reading it (a file that ends early), for the run's notes.
  std::vector<std::string> notes;

  uint64_t records_seen = 0;  // rows + rejects
  uint64_t lines_consumed = 0;
  uint64_t bytes_consumed = 0;

  size_t num_rows() const { return row_end.size(); }
  size_t row_begin(size_t r) const { return r == 0 ? 0 : row_end[r - 1]; }

  void NoteColumn(uint32_t column, CellKind kind) {
    if (column >= kind_mask.size()) kind_mask.resize(column + 16, 0);
    if (kind_mask[column] == 0) columns_in_order.push_back(column);
    kind_mask[column] |= KindBit(kind);
  }
};

}  // namespace aq
