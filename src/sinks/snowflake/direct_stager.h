// DirectStager: the direct load method. Rows are sent as array-bound INSERTs
// (one statement, one bind array per column, as Snowflake's drivers send
// executemany) into the staging table, in batches that stay under the number
// of bound values at which Snowflake's drivers switch to uploading binds to a
// stage (CLIENT_STAGE_ARRAY_BINDING_THRESHOLD, 65,280 values). For small
// loads: no S3 staging area is needed, and there is nothing to clean up.
//
// Thread safety: driven by the sink's writer thread only.
// Ownership: borrows the client and the staging table, which must outlive it.
#pragma once

#include <vector>

#include "clients/snowflake/client.h"
#include "sinks/snowflake/stager.h"
#include "sinks/snowflake/staging_table.h"

namespace aq::snowflake {

struct DirectStagerOptions {
  size_t max_bound_values = 65280;    // rows x (columns + 1) per INSERT at most
  size_t max_batch_bytes = 8u << 20;  // value text per INSERT, roughly at most
};

class DirectStager final : public Stager {
 public:
  DirectStager(SnowflakeClient* db, StagingTable* table, DirectStagerOptions options = {})
      : db_(db), table_(table), options_(options) {}

  Status Add(uint64_t ordinal, std::span<const StagedValue> values) override;
  Result<uint64_t> Finish() override;
  const char* method() const override { return "direct"; }

 private:
  Status Flush();

  SnowflakeClient* db_;
  StagingTable* table_;
  DirectStagerOptions options_;
  std::vector<Binding> batch_;  // [0] ordinals, [1 + i] staging column C<i>
  size_t batch_rows_ = 0;
  size_t batch_bytes_ = 0;
  uint64_t staged_ = 0;
};

}  // namespace aq::snowflake
