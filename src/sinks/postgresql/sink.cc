#include "sinks/postgresql/sink.h"

#include <charconv>
#include <cstring>

#include "sinks/postgresql/ledger.h"
#include "sinks/postgresql/type_mapping.h"

namespace aq {
namespace {

constexpr char kStaging[] = "pg_temp.aqpipe_staging";
constexpr char kOrdinal[] = "aqpipe_ordinal";

}  // namespace

PostgresSink::PostgresSink(PostgresSinkOptions options) : options_(std::move(options)) {
  if (options_.schema.empty()) options_.schema = "public";
}

std::string PostgresSink::Describe() const {
  return postgresql::RedactUrl(options_.url) + " table " + options_.schema + "." + options_.table;
}

Status PostgresSink::Begin() {
  AQ_ASSIGN_OR_RETURN(postgresql::Connection connection,
                      postgresql::Connection::Open(options_.url));
  db_ = std::make_unique<postgresql::Connection>(std::move(connection));
  target_ = std::make_unique<postgresql::TargetTable>(db_.get(), options_.schema, options_.table,
                                                      options_.key_columns);
  // Local buffers for the staging table; settable only before the session's first temporary table.
  AQ_RETURN_IF_ERROR(db_->Exec("SET temp_buffers = '128MB'").status());
  AQ_RETURN_IF_ERROR(db_->Exec("BEGIN").status());
  in_transaction_ = true;
  // CellText writes timestamps as UTC wall time: cast them to TIMESTAMPTZ in UTC.
  AQ_RETURN_IF_ERROR(db_->Exec("SET LOCAL TimeZone = 'UTC'").status());
  // Room to sort the staged rows for dedup and to build the key index in memory on a 1 GB load.
  AQ_RETURN_IF_ERROR(db_->Exec("SET LOCAL work_mem = '256MB'").status());
  AQ_RETURN_IF_ERROR(db_->Exec("SET LOCAL maintenance_work_mem = '512MB'").status());
  AQ_RETURN_IF_ERROR(
      postgresql::LockName(*db_, "aqpipe-table:" + options_.schema + "." + options_.table));
  AQ_RETURN_IF_ERROR(target_->PrepareSchema());
  AQ_RETURN_IF_ERROR(db_->Exec("CREATE TEMPORARY TABLE aqpipe_staging (" + std::string(kOrdinal) +
                               " BIGINT NOT NULL) ON COMMIT DROP")
                         .status());
  return Status::Ok();
}

Result<std::set<std::string>> PostgresSink::LoadedObjects(const std::vector<ObjectInfo>& objects) {
  if (!db_ || !in_transaction_) return Internal("postgresql sink: Prepare called before Begin");
  return postgresql::LoadedSources(*db_, options_.schema, options_.table, objects);
}

Result<std::set<std::string>> PostgresSink::TextColumns() {
  if (!target_) return Internal("postgresql sink: Prepare called before Begin");
  return target_->TextColumns();
}

Status PostgresSink::AddStagingColumns(size_t count) {
  if (db_->in_copy()) {
    AQ_RETURN_IF_ERROR(Flush());
    AQ_RETURN_IF_ERROR(db_->EndCopy().status());
  }
  std::string sql = "ALTER TABLE " + std::string(kStaging);
  for (size_t i = staged_columns_; i < count; ++i) {
    sql += (i == staged_columns_ ? " ADD COLUMN " : ", ADD COLUMN ") +
           postgresql::StagingColumn(i) + " TEXT";
  }
  AQ_RETURN_IF_ERROR(db_->Exec(sql).status());
  staged_columns_ = count;
  values_.resize(count);
  present_.resize(count, 0);
  scratch_.resize(count);
  return Status::Ok();
}

Status PostgresSink::StartCopy() {
  std::string sql = "COPY " + std::string(kStaging) + " (" + kOrdinal;
  for (size_t i = 0; i < staged_columns_; ++i) sql += ", " + postgresql::StagingColumn(i);
  return db_->BeginCopy(sql + ") FROM STDIN WITH (FORMAT csv)");
}

Status PostgresSink::Flush() {
  if (buffer_.empty()) return Status::Ok();
  AQ_RETURN_IF_ERROR(db_->PutCopyData(buffer_));
  buffer_.clear();
  return Status::Ok();
}

Status PostgresSink::StageRow(const Schema& schema, const RecordBatch& batch, size_t row) {
  for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
    const Cell& cell = batch.cells[c];
    if (cell.kind == CellKind::kNull) continue;
    int index = schema.IndexOfPath(cell.column);
    if (index < 0) continue;
    auto i = static_cast<size_t>(index);
    Type type = schema.columns()[i].type;
    if (type == Type::kNull || i >= staged_columns_) continue;
    values_[i] = CellText(cell, batch, type, &scratch_[i]);
    if (std::memchr(values_[i].data(), '\0', values_[i].size()) != nullptr) {
      return DataError("a value of column \"" + schema.columns()[i].name +
                       "\" contains a NUL character (\\u0000), "
                       "which PostgreSQL text cannot hold (record " +
                       std::to_string(batch.rows[row].index + 1) + " of its chunk)");
    }
    if (!present_[i]) {
      present_[i] = 1;
      touched_.push_back(i);
    }
  }
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, ++staged_rows_);
  (void)ec;
  buffer_.append(digits, end);
  for (size_t i = 0; i < staged_columns_; ++i) {
    buffer_.push_back(',');
    if (present_[i])
      postgresql::AppendCsvField(values_[i], &buffer_);  // absent: unquoted empty = NULL
  }
  buffer_.push_back('\n');
  for (size_t i : touched_) present_[i] = 0;
  touched_.clear();
  return Status::Ok();
}

Status PostgresSink::Write(const Schema& schema, const RecordBatch& batch,
                           const std::vector<bool>& skip_row) {
  if (!db_ || !in_transaction_) return Internal("postgresql sink written before Begin");
  if (schema.columns().size() > staged_columns_)
    AQ_RETURN_IF_ERROR(AddStagingColumns(schema.columns().size()));
  if (!db_->in_copy()) AQ_RETURN_IF_ERROR(StartCopy());
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    if (skip_row[row]) continue;
    AQ_RETURN_IF_ERROR(StageRow(schema, batch, row));
    CountRow(batch.origin.object);
    if (buffer_.size() >= options_.copy_chunk_bytes) AQ_RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Result<LoadCounts> PostgresSink::Commit(const Schema& schema) {
  if (!db_ || !in_transaction_) return Internal("postgresql sink committed before Begin");
  if (db_->in_copy()) {
    AQ_RETURN_IF_ERROR(Flush());
    AQ_ASSIGN_OR_RETURN(uint64_t copied, db_->EndCopy());
    (void)copied;
  }
  LoadCounts counts;
  bool any_column = false;
  for (size_t i = 0; i < schema.columns().size(); ++i) any_column |= schema.IsLive(i);
  if (staged_rows_ > 0 || any_column) {
    AQ_RETURN_IF_ERROR(target_->Sync(schema));
    AQ_ASSIGN_OR_RETURN(counts.inserted,
                        db_->Exec(target_->InsertFromStaging(schema, kStaging, kOrdinal)));
    counts.duplicates = staged_rows_ - counts.inserted;
    AQ_RETURN_IF_ERROR(target_->FinishLoad());
  }
  AQ_RETURN_IF_ERROR(postgresql::RecordSources(*db_, options_.schema, options_.table,
                                               options_.run_id, LedgerEntries()));
  in_transaction_ = false;  // after COMMIT, whether it succeeds or fails, the transaction is over
  AQ_RETURN_IF_ERROR(db_->Exec("COMMIT").status());
  target_.reset();
  db_.reset();
  return counts;
}

void PostgresSink::Abort() {
  buffer_.clear();
  if (db_) {
    db_->CancelCopy();
    if (in_transaction_) (void)db_->Exec("ROLLBACK");
  }
  in_transaction_ = false;
  target_.reset();
  db_.reset();
}

}  // namespace aq
