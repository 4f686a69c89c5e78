// NullSink: accepts every row and keeps none. For benchmarks of the read,
// flatten and cast stages, and for `aqpipe schema`.
//
// Thread safety: driven by the writer thread only.
#pragma once

#include "sinks/sink.h"

namespace aq {

class NullSink : public Sink {
 public:
  std::string Describe() const override { return "null (rows are discarded)"; }
  Status Begin() override { return Status::Ok(); }
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  Result<LoadCounts> Commit(const Schema& schema) override;
  void Abort() override { rows_ = 0; }

 private:
  uint64_t rows_ = 0;
};

}  // namespace aq
