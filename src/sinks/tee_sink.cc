#include "sinks/tee_sink.h"

namespace aq {

std::string TeeSink::Describe() const {
  std::string out;
  for (const auto& sink : sinks_) out += (out.empty() ? "" : " and ") + sink->Describe();
  return out;
}

Status TeeSink::Begin() {
  for (auto& sink : sinks_) AQ_RETURN_IF_ERROR(sink->Begin());
  return Status::Ok();
}

Status TeeSink::Write(const Schema& schema, const RecordBatch& batch,
                      const std::vector<bool>& skip_row) {
  for (auto& sink : sinks_) AQ_RETURN_IF_ERROR(sink->Write(schema, batch, skip_row));
  return Status::Ok();
}

Result<LoadCounts> TeeSink::Commit(const Schema& schema) {
  LoadCounts first;
  for (; committed_ < sinks_.size(); ++committed_) {
    AQ_ASSIGN_OR_RETURN(LoadCounts counts, sinks_[committed_]->Commit(schema));
    if (committed_ == 0) first = counts;
  }
  return first;
}

Result<LoadPlan> TeeSink::Prepare(const std::vector<ObjectInfo>& /*objects*/) {
  LoadPlan plan;
  for (auto& sink : sinks_) {
    AQ_ASSIGN_OR_RETURN(LoadPlan own, sink->Prepare({}));
    plan.text_columns.insert(own.text_columns.begin(), own.text_columns.end());
  }
  return plan;
}

void TeeSink::Abort() {
  for (size_t i = committed_; i < sinks_.size(); ++i) sinks_[i]->Abort();
}

}  // namespace aq
