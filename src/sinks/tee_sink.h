// TeeSink: one run into several sinks (for example --output files and a
// warehouse). Begin/Write go to all; Commit commits them in order and reports
// the counts of the first (the warehouse); a failure aborts all that have not
// committed.
//
// Thread safety: driven by the writer thread only. Ownership: owns its sinks.
#pragma once

#include <memory>
#include <vector>

#include "sinks/sink.h"

namespace aq {

class TeeSink : public Sink {
 public:
  explicit TeeSink(std::vector<std::unique_ptr<Sink>> sinks) : sinks_(std::move(sinks)) {}
  std::string Describe() const override;
  Status Begin() override;
  Status Write(const Schema& schema, const RecordBatch& batch,
               const std::vector<bool>& skip_row) override;
  Result<LoadCounts> Commit(const Schema& schema) override;
  // The union of the sinks' text columns, and no objects loaded: the tee reads every object, since
  // its files must hold the whole input, so its sinks are prepared with no objects (they keep no
  // ledger entries for the run).
  Result<LoadPlan> Prepare(const std::vector<ObjectInfo>& objects) override;
  void Abort() override;

 private:
  std::vector<std::unique_ptr<Sink>> sinks_;
  size_t committed_ = 0;
};

}  // namespace aq
