#include "stage/stage_loader.h"

#include <charconv>
#include <chrono>
#include <set>

#include "normalize/column_registry.h"
#include "normalize/schema.h"
#include "normalize/timestamp.h"
#include "readers/csv_records.h"
#include "readers/decompress.h"

namespace aq {
namespace {

constexpr size_t kBatchRows = 8192;

// The unified schema as the sinks know one: each column a root path of its own registry.
struct LoadSchema {
  explicit LoadSchema(const UnifiedSchema& unified) : registry(unified.key) {
    for (const StagedColumn& staged : unified.columns) {
      Column column;
      column.name = staged.name;
      column.source_path = staged.source_path;
      column.type = staged.type;
      column.seed = staged.type;
      column.key = staged.key;
      column.path_id = registry.Intern(kRootPath, staged.name);
      schema.Add(std::move(column));
    }
  }
  ColumnRegistry registry;
  Schema schema;
};

bool Parses(std::string_view text, auto* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

// Appends one staged value to the batch's current row as a cell of `column`'s final type.
Status AddCell(const Column& column, const CsvField& field, RecordBatch* batch) {
  Cell cell{nullptr, 0, column.path_id, CellKind::kString, 0};
  std::string_view text = batch->arena.Copy(field.text);
  cell.data = text.data();
  cell.size = static_cast<uint32_t>(text.size());
  int64_t integer = 0;
  double real = 0;
  switch (column.type) {
    case Type::kInt64:
      cell.kind = CellKind::kInt64;
      if (!Parses(text, &integer)) return CorruptInput("not a bigint: '" + std::string(text) + "'");
      break;
    case Type::kDouble:
      cell.kind = CellKind::kDouble;
      if (!Parses(text, &real)) return CorruptInput("not a double: '" + std::string(text) + "'");
      break;
    case Type::kBool:
      cell.kind = CellKind::kBool;
      if (text != "true" && text != "false")
        return CorruptInput("not a boolean: '" + std::string(text) + "'");
      break;
    case Type::kTimestamp: {
      Timestamp ts;
      if (ParseTimestamp(text, &ts, nullptr) != TimestampParse::kOk)
        return CorruptInput("not a timestamp: '" + std::string(text) + "'");
      cell.kind = CellKind::kTimestamp;
      cell.aux = static_cast<uint32_t>(batch->timestamps.size());
      batch->timestamps.push_back(ts);
      break;
    }
    case Type::kJson:
      cell.kind = CellKind::kJson;
      break;
    default:
      break;
  }
  batch->cells.push_back(cell);
  batch->NoteColumn(column.path_id, cell.kind);
  return Status::Ok();
}

// Which source object each row of a shard's parts came from, in order (manifest "sources").
class RowOrigins {
 public:
  RowOrigins(const std::vector<ManifestSource>& sources, std::vector<int64_t> ledger_index)
      : sources_(sources), ledger_index_(std::move(ledger_index)) {}
  // The ledger index of the next row's object (-1: already loaded, skip the row).
  Result<int64_t> Next() {
    while (current_ < sources_.size() && used_ == sources_[current_].rows) {
      ++current_;
      used_ = 0;
    }
    if (current_ == sources_.size())
      return CorruptInput("the parts hold more rows than the manifest's sources");
    ++used_;
    return ledger_index_[current_];
  }

 private:
  const std::vector<ManifestSource>& sources_;
  std::vector<int64_t> ledger_index_;
  size_t current_ = 0;
  uint64_t used_ = 0;
};

class StageReader {
 public:
  StageReader(const StagedRun& run, const LoadSchema& schema, Sink& sink, RunStats* stats)
      : run_(run), schema_(schema), sink_(sink), stats_(stats) {}

  Status LoadShard(const StagedShard& staged, RowOrigins& origins) {
    for (size_t p = 0; p < staged.parts.size(); ++p) {
      const std::string path = staged.parts[p].path;
      Status st = LoadPart(staged.manifest.parts[p], staged.parts[p], origins);
      if (!st.ok()) return st.WithContext(path);
    }
    return Flush();
  }
  // Whether any row reached the sink.
  bool wrote() const { return wrote_; }

 private:
  Status LoadPart(const ManifestPart& part, const ObjectInfo& object, RowOrigins& origins) {
    AQ_ASSIGN_OR_RETURN(auto raw, run_.fs->OpenRead(object));
    AQ_ASSIGN_OR_RETURN(auto decoded, OpenDecoded(std::move(raw), object.path));
    CsvRecordReader reader(std::move(decoded), object.path);
    std::vector<CsvField> fields;
    AQ_ASSIGN_OR_RETURN(bool has_header, reader.Next(&fields));
    std::vector<const Column*> columns;
    for (const CsvField& field : fields) {
      const int index = schema_.schema.IndexOfName(field.text);
      if (!has_header || index < 0) break;
      columns.push_back(&schema_.schema.columns()[static_cast<size_t>(index)]);
    }
    if (!has_header || columns.size() != part.columns.size()) {
      return CorruptInput("its header does not list the columns its manifest gives");
    }
    uint64_t rows = 0;
    while (true) {
      AQ_ASSIGN_OR_RETURN(bool more, reader.Next(&fields));
      if (!more) break;
      ++rows;
      if (fields.size() != columns.size()) {
        return CorruptInput("record " + std::to_string(reader.records()) + " has " +
                            std::to_string(fields.size()) + " fields, the header " +
                            std::to_string(columns.size()));
      }
      AQ_ASSIGN_OR_RETURN(int64_t object_index, origins.Next());
      if (object_index < 0) continue;  // its object is in the ledger: loaded before
      if (batch_ && (batch_->num_rows() >= kBatchRows ||
                     batch_->origin.object != static_cast<uint32_t>(object_index))) {
        AQ_RETURN_IF_ERROR(Flush());
      }
      if (!batch_) NewBatch(static_cast<uint32_t>(object_index));
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].IsNull()) continue;
        Status st = AddCell(*columns[i], fields[i], batch_.get());
        if (!st.ok()) {
          return CorruptInput("record " + std::to_string(reader.records()) + ", column " +
                              columns[i]->name + ": " + st.message());
        }
      }
      batch_->row_end.push_back(static_cast<uint32_t>(batch_->cells.size()));
      batch_->rows.push_back({rows, batch_->rows.size(), {}});
    }
    if (rows != part.rows) {
      return CorruptInput("it holds " + std::to_string(rows) + " rows, its manifest says " +
                          std::to_string(part.rows));
    }
    stats_->records_read += rows;
    stats_->bytes += object.size;
    return Status::Ok();
  }

  void NewBatch(uint32_t object) {
    batch_ = std::make_unique<RecordBatch>();
    batch_->origin.object = object;
    batch_->origin.unit = unit_++;
    batch_->origin.last_in_unit = true;
  }

  Status Flush() {
    if (!batch_) return Status::Ok();
    std::vector<bool> skip(batch_->num_rows(), false);
    wrote_ = true;
    Status st = sink_.Write(schema_.schema, *batch_, skip);
    batch_.reset();
    return st;
  }

  const StagedRun& run_;
  const LoadSchema& schema_;
  Sink& sink_;
  RunStats* stats_;
  std::unique_ptr<RecordBatch> batch_;
  uint64_t unit_ = 0;
  bool wrote_ = false;
};

// Begin, Prepare, every shard, Commit; the caller aborts on failure.
Status LoadAll(const StagedRun& run, LoadSchema& load_schema, Sink& sink, RunStats* stats) {
  AQ_RETURN_IF_ERROR(sink.Begin());
  std::vector<ObjectInfo> objects;
  for (const StagedShard& staged : run.shards) {
    for (const ManifestSource& source : staged.manifest.sources) {
      objects.push_back({source.path, source.size, source.version, false});
    }
  }
  AQ_ASSIGN_OR_RETURN(LoadPlan plan, sink.Prepare(objects));
  // Columns the target holds as text take every value as staged (see LoadPlan::text_columns).
  for (Column& column : load_schema.schema.mutable_columns()) {
    if (plan.text_columns.count(column.name)) column.type = Type::kString;
  }
  load_schema.schema.Touch();
  // Ledger indexes count the objects not yet loaded, in the order given to Prepare.
  int64_t next = 0;
  StageReader reader(run, load_schema, sink, stats);
  for (const StagedShard& staged : run.shards) {
    std::vector<int64_t> index;
    for (const ManifestSource& source : staged.manifest.sources) {
      const bool loaded = plan.loaded.count(source.path) > 0;
      index.push_back(loaded ? -1 : next++);
      ++(loaded ? stats->objects_skipped : stats->objects);
    }
    RowOrigins origins(staged.manifest.sources, std::move(index));
    AQ_RETURN_IF_ERROR(reader.LoadShard(staged, origins));
  }
  // Nothing new (every object in the ledger, or no rows at all) commits as a run that read
  // nothing does: with no columns, so the sink neither creates nor alters anything.
  AQ_ASSIGN_OR_RETURN(LoadCounts counts,
                      sink.Commit(reader.wrote() ? load_schema.schema : Schema()));
  stats->loaded = counts.inserted;
  stats->duplicates = counts.duplicates;
  return Status::Ok();
}

}  // namespace

Result<StageLoadResult> LoadRunStage(const StagedRun& run, Sink& sink) {
  const auto started = std::chrono::steady_clock::now();
  LoadSchema load_schema(run.schema);
  StageLoadResult result;
  Status status = LoadAll(run, load_schema, sink, &result.stats);
  if (!status.ok()) {
    sink.Abort();
    return status;
  }
  result.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.key = run.schema.key;
  result.target = sink.Describe();
  return result;
}

}  // namespace aq
