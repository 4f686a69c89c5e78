// Schema: the columns of the flattened table, built in source order.
//
// SchemaBuilder sees every batch in the order the input was written (file by
// file, record by record), so column order, names and types never depend on
// thread timing. Rules (docs/flattening.md):
//   - a column's type is a function of the set of kinds of values it held, never
//     of their order (InferColumnType, types.h);
//   - a timestamp column's values that are not valid date-times quarantine their
//     records;
//   - two paths that flatten to the same name: the later one gets "_2", "_3"...;
//   - a path that only ever held null or objects is not a column (its children are).
//
// Thread safety: used by the writer thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "normalize/column_registry.h"
#include "normalize/record_batch.h"
#include "normalize/types.h"

namespace aq {

struct Column {
  std::string name;         // final column name in the warehouse
  std::string source_path;  // "date.utc"
  Type type = Type::kNull;  // kNull until a non-null value is seen
  Type seed = Type::kNull;  // the type it started with (TypeSeeds), or kNull
  KindMask kinds = 0;       // the kinds of values seen so far, in every batch
  uint32_t path_id = 0;
  bool key = false;
  bool offset_companion = false;
  bool dropped = false;  // object-only paths, decided at Finish
};

class Schema {
 public:
  const std::vector<Column>& columns() const { return columns_; }
  std::vector<Column>& mutable_columns() { return columns_; }
  // Schema index of a registry path id, or -1 when that path is not a column.
  int IndexOfPath(uint32_t path_id) const {
    return path_id < index_of_path_.size() ? index_of_path_[path_id] : -1;
  }
  int IndexOfName(std::string_view name) const;
  // Columns that are loadable now: typed and not dropped.
  bool IsLive(size_t index) const {
    return !columns_[index].dropped && columns_[index].type != Type::kNull;
  }
  void Add(Column column);
  // Changes whenever a column is added, retyped or dropped: sinks re-plan their inserts then.
  uint64_t version() const { return version_; }
  void Touch() { ++version_; }

 private:
  uint64_t version_ = 0;
  std::vector<Column> columns_;
  std::vector<int> index_of_path_;
};

struct RowReject {
  uint32_t row;
  std::string reason;
};

// Types some columns start with, by final column name, instead of the type of their first values:
// a column the target table already holds as text (every value loads as written), or the final type
// an earlier pass over the same input found (see RunPipeline's second pass).
using TypeSeeds = std::map<std::string, Type>;

class SchemaBuilder {
 public:
  explicit SchemaBuilder(const ColumnRegistry* registry, TypeSeeds seeds = {})
      : registry_(registry), seeds_(std::move(seeds)) {}

  // Merges one batch (in source order). Rows that must be quarantined are appended to *rejects;
  // human-readable notes about the schema (widening, collisions) to *notes.
  void Apply(const RecordBatch& batch, std::vector<RowReject>* rejects,
             std::vector<std::string>* notes);
  // After the last batch: columns that only ever held null become strings, object-only paths are
  // dropped.
  void Finish();

  const Schema& schema() const { return schema_; }
  // True once a column typed by earlier batches changed type in a way that makes rows already
  // loaded wrong: a timestamp or a number became a string (those rows hold the values converted,
  // not as written), or a string became a timestamp (they hold text the timestamp column would
  // have quarantined). The input must be read again with the final types.
  bool retyped_loaded_rows() const { return retyped_loaded_rows_; }
  // The type of every typed column, by name, as seeds for another pass over the same input.
  TypeSeeds TypesSoFar() const;

 private:
  int AddColumn(uint32_t path_id, std::vector<std::string>* notes);
  void MergeTypes(const RecordBatch& batch, uint32_t path_id,
                  std::vector<uint32_t>* strict_timestamp_columns, std::vector<std::string>* notes);

  std::string NotATimestampReason(const Cell& cell) const;
  void RejectRowsWithoutKey(const RecordBatch& batch, std::vector<RowReject>* rejects);

  const ColumnRegistry* registry_;
  TypeSeeds seeds_;
  Schema schema_;
  bool key_renamed_ = false;
  bool retyped_loaded_rows_ = false;
};

}  // namespace aq
