#include "sinks/snowflake/sink.h"

#include "sinks/snowflake/ledger.h"
#include "sinks/snowflake/session.h"
#include "sinks/snowflake/type_mapping.h"

namespace aq {
namespace {

Status In(const Status& status, const std::string& what) {
  return status.ok() ? status : status.WithContext(what);
}

}  // namespace

Result<SnowflakeLoadMethod> ParseSnowflakeLoadMethod(const std::string& text) {
  if (text == "auto") return SnowflakeLoadMethod::kAuto;
  if (text == "direct") return SnowflakeLoadMethod::kDirect;
  if (text == "bulk") return SnowflakeLoadMethod::kBulk;
  return InvalidArgument("--load-method '" + text + "': use auto, direct or bulk");
}

SnowflakeSink::SnowflakeSink(SnowflakeSinkOptions options) : options_(std::move(options)) {
  if (options_.schema.empty()) options_.schema = options_.login.schema;
  if (options_.schema.empty()) options_.schema = "PUBLIC";
  options_.bulk.run_id = options_.run_id;
}

std::string SnowflakeSink::Describe() const {
  std::string text = "snowflake " + options_.login.url + " table " + options_.login.database + "." +
                     snowflake::StoredName(options_.schema) + "." +
                     snowflake::StoredName(options_.table);
  return method_ ? text + " (" + method_ + " load)" : text;
}

std::string SnowflakeSink::SchemaSql() const {
  return snowflake::QuoteIdentifier(options_.login.database) + "." +
         snowflake::QuoteIdentifier(options_.schema);
}

Status SnowflakeSink::Begin() {
  const snowflake::SnowflakeLogin& login = options_.login;
  if (options_.method == SnowflakeLoadMethod::kBulk && options_.bulk.location.empty()) {
    return InvalidArgument(
        "--load-method bulk needs an S3 location to stage files in: pass --stage "
        "s3://BUCKET/PREFIX/");
  }
  AQ_ASSIGN_OR_RETURN(db_, snowflake::OpenSession(login, options_.read_timeout));
  AQ_RETURN_IF_ERROR(In(db_->Execute("CREATE SCHEMA IF NOT EXISTS " + SchemaSql()).status(),
                        "creating schema " + login.database + "." + options_.schema));
  AQ_RETURN_IF_ERROR(In(db_->Execute("USE SCHEMA " + SchemaSql()).status(),
                        "using schema " + login.database + "." + options_.schema));
  target_ = std::make_unique<snowflake::TargetTable>(db_.get(), login.database, options_.schema,
                                                     options_.table, options_.key_columns);
  AQ_RETURN_IF_ERROR(target_->Load());  // for TextColumns
  staging_ = std::make_unique<snowflake::StagingTable>(db_.get());
  // kAuto without a stage location can only load directly: decide now rather than hold rows.
  if (options_.method == SnowflakeLoadMethod::kAuto && !options_.bulk.location.empty())
    return Status::Ok();
  return StartStager(options_.method == SnowflakeLoadMethod::kBulk ? SnowflakeLoadMethod::kBulk
                                                                   : SnowflakeLoadMethod::kDirect);
}

Result<std::set<std::string>> SnowflakeSink::LoadedObjects(const std::vector<ObjectInfo>& objects) {
  if (!db_) return Internal("snowflake sink: Prepare called before Begin");
  snowflake::Ledger ledger(db_.get(), SchemaSql(), snowflake::StoredName(options_.table));
  return ledger.Loaded(objects);
}

Result<std::set<std::string>> SnowflakeSink::TextColumns() {
  if (!target_) return Internal("snowflake sink: Prepare called before Begin");
  return target_->TextColumns();
}

Status SnowflakeSink::StartStager(SnowflakeLoadMethod method) {
  if (method == SnowflakeLoadMethod::kBulk) {
    AQ_ASSIGN_OR_RETURN(stager_,
                        snowflake::BulkStager::Make(db_.get(), staging_.get(), options_.bulk));
  } else {
    stager_ = std::make_unique<snowflake::DirectStager>(db_.get(), staging_.get(), options_.direct);
  }
  method_ = stager_->method();
  return Status::Ok();
}

Status SnowflakeSink::ReleaseHeldRows() {
  std::vector<snowflake::StagedValue> values;
  for (const HeldRow& row : held_) {
    values.assign(row.values.begin(), row.values.end());
    AQ_RETURN_IF_ERROR(stager_->Add(row.ordinal, values));
  }
  held_.clear();
  held_.shrink_to_fit();
  return Status::Ok();
}

Status SnowflakeSink::StageRow(const Schema& schema, const RecordBatch& batch, size_t row) {
  size_t columns = schema.columns().size();
  values_.assign(columns, std::nullopt);
  if (scratch_.size() < columns) scratch_.resize(columns);
  for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
    const Cell& cell = batch.cells[c];
    int index = schema.IndexOfPath(cell.column);
    if (index < 0) continue;
    auto i = static_cast<size_t>(index);
    Type type = schema.columns()[i].type;
    // The last value of a repeated key wins, as in the other sinks.
    if (cell.kind == CellKind::kNull || type == Type::kNull) {
      values_[i] = std::nullopt;
    } else {
      values_[i] = CellText(cell, batch, type, &scratch_[i]);
    }
  }
  ++ordinal_;
  if (stager_) return stager_->Add(ordinal_, values_);
  held_.push_back({ordinal_, {values_.begin(), values_.end()}});
  if (held_.size() > options_.bulk_threshold_rows) {
    AQ_RETURN_IF_ERROR(StartStager(SnowflakeLoadMethod::kBulk));
    return ReleaseHeldRows();
  }
  return Status::Ok();
}

Status SnowflakeSink::Write(const Schema& schema, const RecordBatch& batch,
                            const std::vector<bool>& skip_row) {
  if (!db_) return Internal("snowflake sink written before Begin");
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    if (skip_row[row]) continue;
    AQ_RETURN_IF_ERROR(StageRow(schema, batch, row));
    CountRow(batch.origin.object);
  }
  return Status::Ok();
}

Result<LoadCounts> SnowflakeSink::Commit(const Schema& schema) {
  if (!db_) return Internal("snowflake sink committed before Begin");
  if (!stager_) {
    AQ_RETURN_IF_ERROR(StartStager(SnowflakeLoadMethod::kDirect));
    AQ_RETURN_IF_ERROR(ReleaseHeldRows());
  }
  AQ_ASSIGN_OR_RETURN(uint64_t staged_rows, stager_->Finish());
  LoadCounts counts;
  bool any_column = false;
  for (size_t i = 0; i < schema.columns().size(); ++i) any_column |= schema.IsLive(i);
  snowflake::Ledger ledger(db_.get(), SchemaSql(), snowflake::StoredName(options_.table));
  AQ_RETURN_IF_ERROR(target_->Load());
  if (staged_rows > 0 || any_column) AQ_RETURN_IF_ERROR(target_->Sync(schema));
  std::vector<LedgerEntry> entries = LedgerEntries();
  if (!entries.empty()) AQ_RETURN_IF_ERROR(ledger.Ensure());
  AQ_RETURN_IF_ERROR(db_->Execute("BEGIN").status());
  in_transaction_ = true;
  if (staged_rows > 0) {
    AQ_ASSIGN_OR_RETURN(auto inserted, db_->Execute(target_->InsertFromStaging(
                                           schema, staging_->Name(), staging_->Ordinal())));
    counts.inserted = inserted.RowsAffected();
    counts.duplicates = staged_rows - counts.inserted;
  }
  AQ_RETURN_IF_ERROR(ledger.Record(options_.run_id, entries));
  in_transaction_ = false;
  AQ_RETURN_IF_ERROR(db_->Execute("COMMIT").status());
  Abort();  // the run is committed: this only ends the session and removes staged files
  return counts;
}

void SnowflakeSink::Abort() {
  held_.clear();
  if (db_ && in_transaction_) (void)db_->Execute("ROLLBACK");
  in_transaction_ = false;
  if (stager_) stager_->Cleanup();
  stager_.reset();
  staging_.reset();
  target_.reset();
  if (db_) (void)db_->Close();  // the staging table goes with the session
  db_.reset();
}

}  // namespace aq
