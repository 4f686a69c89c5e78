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
  if (auto seed = seeds_.find(column.name); seed != seeds_.end()) {
    column.seed = seed->second;
    column.type = seed->second;
  }
  schema_.Add(std::move(column));
  schema_.Touch();
  return schema_.IndexOfPath(path_id);
}

namespace {

// OpenAQ's date columns hold date-times by definition, so a value there that is not one is a bad
// record, not a sign that the column is text.
bool IsOpenAqDateColumn(std::string_view name) {
  return name == "date_utc" || name == "date_local";
}

// The kinds of values worth naming when a column holds several: text that is not a valid
// date-time counts as text, whatever its shape.
std::vector<std::string> DistinctKindNames(KindMask kinds) {
  if (kinds & KindBit(CellKind::kBadTimestamp)) {
    kinds = static_cast<KindMask>((kinds & ~KindBit(CellKind::kBadTimestamp)) |
                                  KindBit(CellKind::kString));
  }
  std::vector<std::string> names;
  for (unsigned k = 1; k < kNumCellKinds; ++k) {
    if (kinds & KindBit(static_cast<CellKind>(k)))
      names.emplace_back(KindName(static_cast<CellKind>(k)));
  }
  return names;
}

std::string JoinAnd(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

// Whether rows loaded while the column had type `before` hold values that `after` loads
// differently: a number or date-time re-spelled as text, or text a timestamp column quarantines.
// bigint -> double, and boolean or array -> string, keep every loaded value as it is.
bool RetypeChangesLoadedRows(Type before, Type after) {
  if (before == Type::kNull || before == after) return false;
  if (before == Type::kInt64 && after == Type::kDouble) return false;
  return !(after == Type::kString && (before == Type::kBool || before == Type::kJson));
}

}  // namespace

void SchemaBuilder::MergeTypes(const RecordBatch& batch, uint32_t path_id,
                               std::vector<uint32_t>* strict_timestamp_columns,
                               std::vector<std::string>* notes) {
  Column& column = schema_.mutable_columns()[static_cast<size_t>(schema_.IndexOfPath(path_id))];
  auto batch_kinds = static_cast<KindMask>(batch.kind_mask[path_id] & ~KindBit(CellKind::kNull));
  if (batch_kinds == 0) return;
  column.kinds |= batch_kinds;
  const bool timestamp_column = column.seed == Type::kTimestamp ||
                                (column.seed == Type::kNull && IsOpenAqDateColumn(column.name));
  Type inferred = InferColumnType(column.kinds, timestamp_column);
  Type type = column.seed == Type::kNull ? inferred : Widen(column.seed, inferred);
  if (type == Type::kTimestamp && (batch_kinds & ~KindBit(CellKind::kTimestamp)) != 0) {
    strict_timestamp_columns->push_back(path_id);
  }
  Type before = column.type;
  if (type == before) return;
  column.type = type;
  schema_.Touch();
  if (RetypeChangesLoadedRows(before, type)) retyped_loaded_rows_ = true;
  if (before != Type::kNull && type == Type::kTimestamp) {
    notes->push_back("column '" + column.name +
                     "' is a timestamp column: later records hold valid date-times, so its "
                     "values that are not valid date-times are quarantined");
    return;
  }
  if (before != Type::kNull) {
    notes->push_back("column '" + column.name + "' widened from " + TypeName(before) + " to " +
                     TypeName(type) + " because later records disagree");
    return;
  }
  // Typed for the first time, by this batch: say so when its own records disagree.
  std::vector<std::string> kinds = DistinctKindNames(column.kinds);
  if (type != Type::kTimestamp &&
      (kinds.size() > 1 || (column.kinds & KindBit(CellKind::kHugeInteger)))) {
    notes->push_back("column '" + column.name + "' holds " + (kinds.size() == 2 ? "both " : "") +
                     JoinAnd(kinds) + " values, so it is loaded as " + TypeName(type) +
                     (type == Type::kString ? " (every value as written)" : ""));
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
      if (cell.kind == CellKind::kTimestamp || cell.kind == CellKind::kNull) continue;
      if (std::find(strict.begin(), strict.end(), cell.column) == strict.end()) continue;
      rejects->push_back({row, NotATimestampReason(cell)});
      break;
    }
  }
}

std::string SchemaBuilder::NotATimestampReason(const Cell& cell) const {
  std::string why = "it is not an ISO-8601 date-time";
  if (cell.kind == CellKind::kBadTimestamp) {
    Timestamp ignored;
    const char* fault = nullptr;
    ParseTimestamp(cell.text(), &ignored, &fault);
    if (fault != nullptr) why = fault;
  } else if (cell.kind != CellKind::kString) {
    why = std::string("it is ") + (cell.kind == CellKind::kJson ? "an " : "a ") +
          KindName(cell.kind) + ", not an ISO-8601 date-time string";
  }
  const Column& column = schema_.columns()[static_cast<size_t>(schema_.IndexOfPath(cell.column))];
  return "column '" + column.name + "' is a timestamp column, but '" +
         std::string(cell.text().substr(0, 64)) + "' is not a valid timestamp: " + why;
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
