// Flattener: one JSON record in, one sparse row of typed cells out.
//
// This is the hot path. It walks the record with simdjson's On-Demand API,
// maps each key path to a column id through a per-thread trie (so the shared
// ColumnRegistry is locked only for paths new to this thread), and copies no
// value that can be referenced in place. Nested objects flatten up to a depth
// limit (--max-depth; deeper records are quarantined, naming the option); arrays are kept as their
// JSON text; strings shaped like date-times are parsed as timestamps. A record that is not a valid
// JSON object, or lacks a natural key column, becomes a Reject with a reason instead of a row.
//
// Thread safety: one Flattener per thread; the registry is shared.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "normalize/column_registry.h"
#include "normalize/max_depth.h"
#include "normalize/record_batch.h"

namespace aq {

class Flattener {
 public:
  explicit Flattener(ColumnRegistry* registry, int max_depth = kDefaultMaxDepth);

  // Flattens `record` (which must be followed by at least kBufferPadding readable bytes) into a
  // new row of *batch, or appends a Reject.
  void Add(std::string_view record, RecordRef ref, RecordBatch* batch);

 private:
  struct Node {
    std::string key;
    uint32_t id = kRootPath;
    uint32_t companion = kRootPath;  // UTC-offset column, interned on first use
    int key_index = -1;
    bool marked_parent = false;
    std::vector<uint32_t> children;  // indexes into nodes_
  };

  bool WalkObject(simdjson::ondemand::object object, uint32_t node, RecordBatch* batch, int depth);
  bool AddValue(simdjson::ondemand::value value, uint32_t node, RecordBatch* batch, int depth);
  bool AddString(std::string_view token, simdjson::ondemand::value& value, uint32_t node,
                 RecordBatch* batch);
  uint32_t Child(uint32_t node, std::string_view key, size_t* hint);
  void Emit(uint32_t node, CellKind kind, std::string_view text, RecordBatch* batch,
            uint32_t aux = 0);
  bool Fail(std::string reason);
  bool FailOnValue(simdjson::error_code error, simdjson::ondemand::value& value);

  ColumnRegistry* registry_;
  int max_depth_;
  std::vector<Node> nodes_;
  simdjson::ondemand::parser parser_;
  simdjson::dom::parser array_validator_;
  uint64_t key_mask_ = 0;
  uint64_t all_keys_mask_ = 0;
  std::string reason_;
};

}  // namespace aq
