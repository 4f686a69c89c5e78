// Stager: puts a run's rows into the session's temporary staging table, from
// which the sink merges them into the target in one transaction. Two load
// methods implement it (docs/snowflake.md):
//   DirectStager  array-bound INSERTs over the REST session, for small loads;
//   BulkStager    gzip CSV part files in S3, then COPY INTO, for large ones.
//
// Rows arrive as text (CellText), one value per staging column C0..Cn-1 in
// schema order, with the ordinal that makes "the first occurrence wins"
// deterministic. A row never has fewer values than the row before it (the
// schema only gains columns during a run).
//
// Thread safety: driven by the sink's writer thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/status.h"

namespace aq::snowflake {

// One staged value: the text of a cell, or nullopt for NULL.
using StagedValue = std::optional<std::string_view>;

class Stager {
 public:
  virtual ~Stager() = default;
  // Stages one row. The views need only live until Add returns.
  virtual Status Add(uint64_t ordinal, std::span<const StagedValue> values) = 0;
  // Makes every added row present in the staging table; returns how many rows it holds.
  virtual Result<uint64_t> Finish() = 0;
  // Removes what the method left outside Snowflake (staged files). Best effort, idempotent;
  // called after the run committed or failed.
  virtual void Cleanup() {}
  // "direct" or "bulk", for logs.
  virtual const char* method() const = 0;
};

}  // namespace aq::snowflake
