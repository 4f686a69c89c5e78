#include "normalize/schema.h"

#include <algorithm>

namespace aq {

int Schema::IndexOfName(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void Schema::Add(Column column) {
  if (column.path_id >= index_of_path_.size()) index_of_path_.resize(column.path_id + 1, -1);
  index_of_path_[column.path_id] = static_cast<int>(columns_.size());
  columns_.push_back(std::move(column));
}

int SchemaBuilder::AddColumn(uint32_t path_id, std::vector<std::string>* notes) {
  PathInfo info = registry_->Get(path_id);
  Column column;
  column.name = info.base_name;
  for (int suffix = 2; schema_.IndexOfName(column.name) >= 0; ++suffix) {
    column.name = info.base_name + "_" + std::to_string(suffix);
  }
  if (column.name != info.base_name) {
    const Column& other =
        schema_.columns()[static_cast<size_t>(schema_.IndexOfName(info.base_name))];
    notes->push_back("name collision: '" + info.dotted_path + "' and '" + other.source_path +
                     "' both flatten to '" + info.base_name + "'; '" + info.dotted_path +
                     "' is loaded as '" + column.name + "'");
  }
  column.source_path = info.dotted_path;
  column.path_id = path_id;
  // Only the column that keeps the key's name is the key; a renamed namesake is not.
  column.key = info.key_index >= 0 && column.name == info.base_name;
  if (info.key_index >= 0 && !column.key) key_renamed_ = true;
  column.offset_companion = info.offset_companion;
  if (auto seed = seeds_.find(column.name); seed != seeds_.end()) column.type = seed->second;
  schema_.Add(std::move(column));
  schema_.Touch();
  return schema_.IndexOfPath(path_id);
}

void SchemaBuilder::MergeTypes(const RecordBatch& batch, uint32_t path_id,
                               std::vector<uint32_t>* strict_timestamp_columns,
                               std::vector<std::string>* notes) {
  Column& column = schema_.mutable_columns()[static_cast<size_t>(schema_.IndexOfPath(path_id))];
  uint8_t mask = batch.kind_mask[path_id] & static_cast<uint8_t>(~KindBit(CellKind::kNull));
  if (mask == 0) return;
  Type before = column.type;
  Type type = before;
  if (type == Type::kNull &&
      static_cast<CellKind>(batch.first_kind[path_id]) == CellKind::kTimestamp) {
    type = Type::kTimestamp;
  }
  const uint8_t stringy = KindBit(CellKind::kString) | KindBit(CellKind::kBadTimestamp);
  if (type == Type::kTimestamp) {
    uint8_t others = mask & static_cast<uint8_t>(~(stringy | KindBit(CellKind::kTimestamp)));
    if (others) {
      type = Type::kString;  // numbers or booleans among timestamps: keep everything as text
    } else if (mask & stringy) {
      strict_timestamp_columns->push_back(path_id);
    }
  } else {
    for (int k = 1; k < 8; ++k) {
      if (!(mask & (1u << k))) continue;
      auto kind = static_cast<CellKind>(k);
      type = Widen(type, kind == CellKind::kTimestamp ? Type::kString : TypeOfKind(kind));
    }
  }
  if (type == before) return;
  column.type = type;
  schema_.Touch();
  if (type == Type::kString &&
      (before == Type::kTimestamp || before == Type::kInt64 || before == Type::kDouble)) {
    widened_to_string_ = true;
  }
  if (before != Type::kNull) {
    notes->push_back("column '" + column.name + "' widened from " + TypeName(before) + " to " +
                     TypeName(type) + " because later records disagree");
  }
}

void SchemaBuilder::Apply(const RecordBatch& batch, std::vector<RowReject>* rejects,
                          std::vector<std::string>* notes) {
  std::vector<uint32_t> companions;
  for (uint32_t path_id : batch.columns_in_order) {
    if (registry_->Get(path_id).offset_companion) {
      companions.push_back(path_id);
      continue;
    }
    if (schema_.IndexOfPath(path_id) < 0) AddColumn(path_id, notes);
  }
  std::vector<uint32_t> strict;
  for (uint32_t path_id : batch.columns_in_order) {
    if (schema_.IndexOfPath(path_id) >= 0) MergeTypes(batch, path_id, &strict, notes);
  }
  // An offset column exists only beside a timestamp column.
  for (uint32_t path_id : companions) {
    int parent = schema_.IndexOfPath(registry_->Get(path_id).parent);
    if (parent < 0 || schema_.columns()[static_cast<size_t>(parent)].type != Type::kTimestamp)
      continue;
    if (schema_.IndexOfPath(path_id) < 0) AddColumn(path_id, notes);
    Column& column = schema_.mutable_columns()[static_cast<size_t>(schema_.IndexOfPath(path_id))];
    if (column.type == Type::kNull) {
      column.type = Type::kInt64;
      schema_.Touch();
    }
  }
  if (key_renamed_) RejectRowsWithoutKey(batch, rejects);
  if (strict.empty()) return;
  for (uint32_t row = 0; row < batch.num_rows(); ++row) {
    for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
      const Cell& cell = batch.cells[c];
      if (cell.kind != CellKind::kString && cell.kind != CellKind::kBadTimestamp) continue;
      if (std::find(strict.begin(), strict.end(), cell.column) == strict.end()) continue;
      Timestamp ignored;
      const char* why = "it is not an ISO-8601 date-time";
      ParseTimestamp(cell.text(), &ignored, &why);
      const Column& column =
          schema_.columns()[static_cast<size_t>(schema_.IndexOfPath(cell.column))];
      rejects->push_back({row, "column '" + column.name + "' is a timestamp column, but '" +
                                   std::string(cell.text().substr(0, 64)) +
                                   "' is not a valid timestamp: " + why});
      break;
    }
  }
}

// After a name collision on a key column, the flattener's key check (by name, before renaming)
// may have passed a record whose key value sits in the renamed column: check by final column.
void SchemaBuilder::RejectRowsWithoutKey(const RecordBatch& batch,
                                         std::vector<RowReject>* rejects) {
  const std::vector<std::string>& keys = registry_->key_columns();
  for (uint32_t row = 0; row < batch.num_rows(); ++row) {
    std::vector<bool> present(keys.size(), false);
    for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
      const Cell& cell = batch.cells[c];
      int index = schema_.IndexOfPath(cell.column);
      if (cell.kind == CellKind::kNull || index < 0) continue;
      const Column& column = schema_.columns()[static_cast<size_t>(index)];
      if (!column.key) continue;
      for (size_t k = 0; k < keys.size(); ++k) present[k] = present[k] || keys[k] == column.name;
    }
    std::string missing;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (!present[k]) missing += (missing.empty() ? "" : ", ") + keys[k];
    }
    if (!missing.empty()) {
      rejects->push_back(
          {row, "missing natural key column(s): " + missing +
                    " (the record's value is under a path renamed by a name collision; see the "
                    "warning, or pass --key to use other columns)"});
    }
  }
}

TypeSeeds SchemaBuilder::TypesSoFar() const {
  TypeSeeds types;
  for (const Column& column : schema_.columns()) {
    if (column.type != Type::kNull && !column.dropped) types[column.name] = column.type;
  }
  return types;
}

void SchemaBuilder::Finish() {
  for (Column& column : schema_.mutable_columns()) {
    if (column.type != Type::kNull) continue;
    if (registry_->Get(column.path_id).has_children) {
      column.dropped = true;
    } else {
      column.type = Type::kString;  // only nulls seen: text is the type that accepts anything later
    }
    schema_.Touch();
  }
}

}  // namespace aq
