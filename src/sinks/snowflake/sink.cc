#include "sinks/snowflake/sink.h"

#include "sinks/snowflake/ledger.h"
#include "sinks/snowflake/type_mapping.h"

namespace aq {
namespace {

constexpr char kStaging[] = "\"AQPIPE_STAGING\"";
constexpr char kOrdinal[] = "\"AQPIPE_ORDINAL\"";

Status In(Status status, const std::string& what) {
  return status.ok() ? status : status.WithContext(what);
}

}  // namespace

SnowflakeSink::SnowflakeSink(SnowflakeSinkOptions options) : options_(std::move(options)) {
  if (options_.schema.empty()) options_.schema = options_.login.schema;
  if (options_.schema.empty()) options_.schema = "PUBLIC";
}

std::string SnowflakeSink::Describe() const {
  return "snowflake " + options_.login.url + " table " + options_.login.database + "." +
         snowflake::StoredName(options_.schema) + "." + snowflake::StoredName(options_.table);
}

std::string SnowflakeSink::SchemaSql() const {
  return snowflake::QuoteIdentifier(options_.login.database) + "." +
         snowflake::QuoteIdentifier(options_.schema);
}

Status SnowflakeSink::Begin() {
  const aws::WarehouseLogin& login = options_.login;
  if (login.database.empty())
    return InvalidArgument(
        "the Snowflake login has no DATABASE (set it in the secret or "
        "SNOWFLAKE_DATABASE)");
  snowflake::ClientConfig config;
  config.url = login.url;
  config.user = login.user;
  config.password = login.password;
  config.private_key = login.private_key;
  config.private_key_passphrase = login.private_key_passphrase;
  config.database = login.database;
  config.warehouse = login.warehouse;
  config.role = login.role;
  config.session_parameters = {
      {"TIMEZONE", "\"UTC\""}, {"AUTOCOMMIT", "true"}, {"QUERY_TAG", "\"aqpipe\""}};
  AQ_ASSIGN_OR_RETURN(db_, snowflake::SnowflakeClient::Connect(std::move(config)));
  if (!login.warehouse.empty()) {
    AQ_RETURN_IF_ERROR(
        In(db_->Execute("USE WAREHOUSE " + snowflake::QuoteIdentifier(login.warehouse)).status(),
           "using warehouse " + login.warehouse));
  }
  AQ_RETURN_IF_ERROR(In(db_->Execute("CREATE SCHEMA IF NOT EXISTS " + SchemaSql()).status(),
                        "creating schema " + login.database + "." + options_.schema));
  AQ_RETURN_IF_ERROR(In(db_->Execute("USE SCHEMA " + SchemaSql()).status(),
                        "using schema " + login.database + "." + options_.schema));
  target_ = std::make_unique<snowflake::TargetTable>(db_.get(), login.database, options_.schema,
                                                     options_.table, options_.key_columns);
  return Status::Ok();
}

Result<std::set<std::string>> SnowflakeSink::AlreadyLoaded(const std::vector<ObjectInfo>& objects) {
  if (!db_) return Internal("snowflake sink: AlreadyLoaded called before Begin");
  snowflake::Ledger ledger(db_.get(), SchemaSql(), snowflake::StoredName(options_.table));
  return ledger.Loaded(objects);
}

Status SnowflakeSink::RecordLoaded(const std::vector<ObjectInfo>& objects) {
  objects_ = objects;
  return Status::Ok();
}

Status SnowflakeSink::EnsureStaging(size_t columns) {
  AQ_RETURN_IF_ERROR(Flush());
  if (!staging_created_) {
    std::string sql =
        "CREATE TEMPORARY TABLE " + std::string(kStaging) + " (" + kOrdinal + " NUMBER(38,0)";
    for (size_t i = 0; i < columns; ++i) sql += ", " + snowflake::StagingColumn(i) + " VARCHAR";
    AQ_RETURN_IF_ERROR(db_->Execute(sql + ")").status());
    staging_created_ = true;
  } else {
    for (size_t i = staged_columns_; i < columns; ++i) {
      AQ_RETURN_IF_ERROR(db_->Execute("ALTER TABLE " + std::string(kStaging) + " ADD COLUMN " +
                                      snowflake::StagingColumn(i) + " VARCHAR")
                             .status());
    }
  }
  staged_columns_ = columns;
  values_.resize(columns);
  present_.resize(columns, 0);
  scratch_.resize(columns);
  return Status::Ok();
}

Status SnowflakeSink::Flush() {
  if (pending_rows_ == 0) return Status::Ok();
  std::string sql = "INSERT INTO " + std::string(kStaging) + " (" + kOrdinal;
  for (size_t i = 0; i < staged_columns_; ++i) sql += ", " + snowflake::StagingColumn(i);
  sql += ") VALUES " + pending_;
  pending_.clear();
  pending_rows_ = 0;
  return In(db_->Execute(sql).status(), "staging rows");
}

void SnowflakeSink::StageRow(const Schema& schema, const RecordBatch& batch, size_t row) {
  std::fill(present_.begin(), present_.end(), 0);
  for (size_t c = batch.row_begin(row); c < batch.row_end[row]; ++c) {
    const Cell& cell = batch.cells[c];
    if (cell.kind == CellKind::kNull) continue;
    int index = schema.IndexOfPath(cell.column);
    if (index < 0) continue;
    auto i = static_cast<size_t>(index);
    Type type = schema.columns()[i].type;
    if (type == Type::kNull || i >= staged_columns_) continue;
    values_[i] = CellText(cell, batch, type, &scratch_[i]);
    present_[i] = 1;
  }
  pending_ += pending_rows_ ? ", (" : "(";
  pending_ += std::to_string(++staged_rows_);
  for (size_t i = 0; i < staged_columns_; ++i) {
    pending_ += ", ";
    if (present_[i]) {
      snowflake::AppendLiteral(values_[i], &pending_);
    } else {
      pending_ += "NULL";
    }
  }
  pending_ += ')';
  ++pending_rows_;
}

Status SnowflakeSink::Write(const Schema& schema, const RecordBatch& batch,
                            const std::vector<bool>& skip_row) {
  if (!db_) return Internal("snowflake sink written before Begin");
  if (!staging_created_ || schema.columns().size() > staged_columns_)
    AQ_RETURN_IF_ERROR(EnsureStaging(schema.columns().size()));
  size_t object = batch.origin.object;
  if (object >= rows_per_object_.size()) rows_per_object_.resize(object + 1, 0);
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    if (skip_row[row]) continue;
    StageRow(schema, batch, row);
    ++rows_per_object_[object];
    if (pending_rows_ >= options_.batch_rows || pending_.size() >= options_.batch_bytes)
      AQ_RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Result<LoadCounts> SnowflakeSink::Commit(const Schema& schema) {
  if (!db_) return Internal("snowflake sink committed before Begin");
  AQ_RETURN_IF_ERROR(Flush());
  LoadCounts counts;
  bool any_column = false;
  for (size_t i = 0; i < schema.columns().size(); ++i) any_column |= schema.IsLive(i);
  snowflake::Ledger ledger(db_.get(), SchemaSql(), snowflake::StoredName(options_.table));
  AQ_RETURN_IF_ERROR(target_->Load());
  if (staged_rows_ > 0 || any_column) AQ_RETURN_IF_ERROR(target_->Sync(schema));
  if (!objects_.empty()) AQ_RETURN_IF_ERROR(ledger.Ensure());
  AQ_RETURN_IF_ERROR(db_->Execute("BEGIN").status());
  in_transaction_ = true;
  if (staged_rows_ > 0) {
    AQ_ASSIGN_OR_RETURN(auto inserted,
                        db_->Execute(target_->InsertFromStaging(schema, kStaging, kOrdinal)));
    counts.inserted = inserted.RowsAffected();
    counts.duplicates = staged_rows_ - counts.inserted;
  }
  std::vector<snowflake::LedgerEntry> entries;
  for (size_t i = 0; i < objects_.size(); ++i) {
    uint64_t rows = i < rows_per_object_.size() ? rows_per_object_[i] : 0;
    entries.push_back({objects_[i].path, objects_[i].version, rows});
  }
  AQ_RETURN_IF_ERROR(ledger.Record(options_.run_id, entries));
  in_transaction_ = false;
  AQ_RETURN_IF_ERROR(db_->Execute("COMMIT").status());
  (void)db_->Close();
  target_.reset();
  db_.reset();
  return counts;
}

void SnowflakeSink::Abort() {
  pending_.clear();
  pending_rows_ = 0;
  if (db_ && in_transaction_) (void)db_->Execute("ROLLBACK");
  in_transaction_ = false;
  target_.reset();
  if (db_) (void)db_->Close();  // the staging table goes with the session
  db_.reset();
}

}  // namespace aq
