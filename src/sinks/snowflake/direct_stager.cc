#include "sinks/snowflake/direct_stager.h"

namespace aq::snowflake {

Status DirectStager::Add(uint64_t ordinal, std::span<const StagedValue> values) {
  // A batch is one statement with one column list: a row with more columns starts a new one.
  if (batch_rows_ > 0 && values.size() + 1 > batch_.size()) AQ_RETURN_IF_ERROR(Flush());
  if (batch_rows_ == 0) {
    batch_.assign(values.size() + 1, Binding{});
    batch_[0].type = "FIXED";
  }
  batch_[0].values.emplace_back(std::to_string(ordinal));
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) {
      batch_[i + 1].values.emplace_back(std::string(*values[i]));
      batch_bytes_ += values[i]->size();
    } else {
      batch_[i + 1].values.emplace_back(std::nullopt);
    }
  }
  ++batch_rows_;
  if ((batch_rows_ + 1) * batch_.size() > options_.max_bound_values ||
      batch_bytes_ >= options_.max_batch_bytes) {
    return Flush();
  }
  return Status::Ok();
}

Status DirectStager::Flush() {
  if (batch_rows_ == 0) return Status::Ok();
  size_t columns = batch_.size() - 1;
  AQ_RETURN_IF_ERROR(table_->Ensure(columns));
  std::string sql = "INSERT INTO " + StagingTable::Name() + " " +
                    StagingTable::ColumnList(columns) + " VALUES (?";
  for (size_t i = 0; i < columns; ++i) sql += ", ?";
  sql += ")";
  auto inserted = db_->Execute(sql, batch_);
  if (!inserted.ok()) return inserted.status().WithContext("staging rows with INSERT");
  if (inserted->RowsAffected() != batch_rows_) {
    return Internal("staging rows with INSERT: Snowflake reported " +
                    std::to_string(inserted->RowsAffected()) + " rows inserted, " +
                    std::to_string(batch_rows_) + " were sent");
  }
  staged_ += batch_rows_;
  batch_.clear();
  batch_rows_ = 0;
  batch_bytes_ = 0;
  return Status::Ok();
}

Result<uint64_t> DirectStager::Finish() {
  AQ_RETURN_IF_ERROR(Flush());
  return staged_;
}

}  // namespace aq::snowflake
