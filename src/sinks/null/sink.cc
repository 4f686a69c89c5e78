#include "sinks/null/sink.h"

namespace aq {

Status NullSink::Write(const Schema& /*schema*/, const RecordBatch& batch,
                       const std::vector<bool>& skip_row) {
  for (size_t row = 0; row < batch.num_rows(); ++row) rows_ += skip_row[row] ? 0 : 1;
  return Status::Ok();
}

Result<LoadCounts> NullSink::Commit(const Schema& /*schema*/) { return LoadCounts{rows_, 0}; }

}  // namespace aq
