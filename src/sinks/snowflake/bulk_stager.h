// BulkStager: the bulk load method. Rows are written as gzip CSV part files
// of Snowflake's recommended size (100-250 MB compressed; 128 MiB by default)
// under <location><run_id>/ in S3, then loaded with COPY INTO the staging
// table, one COPY per run of parts with the same columns. Snowflake reads the
// files either through a named external stage whose URL is `location`
// (--snowflake-stage, the production setup with a storage integration) or
// straight from the S3 URL with the credentials aqpipe itself uses (COPY ...
// CREDENTIALS = (AWS_KEY_ID ... AWS_TOKEN ...)).
//
// NULL is an empty unquoted field and the empty string is "", so COPY reads
// the parts with
// FIELD_OPTIONALLY_ENCLOSED_BY='"' EMPTY_FIELD_AS_NULL=TRUE NULL_IF=() and
// ESCAPE_UNENCLOSED_FIELD=NONE. COPY's reported rows must add up to the rows
// written, or the run fails. Cleanup deletes the part files; a run killed
// before it leaves them under <location><run_id>/ (never loaded by a later
// run: each run loads only its own files).
//
// Thread safety: driven by the sink's writer thread only.
// Ownership: borrows the client, the staging table and the file system.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clients/aws/credentials.h"
#include "clients/snowflake/client.h"
#include "io/filesystem.h"
#include "sinks/snowflake/stage_parts.h"
#include "sinks/snowflake/stager.h"
#include "sinks/snowflake/staging_table.h"

namespace aq::snowflake {

struct BulkStagerOptions {
  FileSystem* fs = nullptr;  // where `location` lives (S3)
  std::string location;      // s3://bucket/prefix/ (ends with '/')
  std::string run_id;        // the run's folder under `location`
  // A named stage (e.g. MY_DB.LOADING.OPENAQ_STAGE) whose URL is `location`; empty: COPY from the
  // S3 URL with `credentials`.
  std::string named_stage;
  std::function<Result<aws::AwsCredentials>()> credentials;
  uint64_t target_part_bytes = 128ull << 20;  // compressed size at which a part is closed
  size_t block_bytes = 4u << 20;              // CSV compressed at a time
};

// Checks a --snowflake-stage name: one to three identifiers joined by '.', each letters, digits,
// '_' or '$'.
Status ValidateStageName(const std::string& name);

class BulkStager final : public Stager {
 public:
  static Result<std::unique_ptr<BulkStager>> Make(SnowflakeClient* db, StagingTable* table,
                                                  BulkStagerOptions options);

  Status Add(uint64_t ordinal, std::span<const StagedValue> values) override;
  Result<uint64_t> Finish() override;
  void Cleanup() override;
  const char* method() const override { return "bulk"; }

 private:
  BulkStager(SnowflakeClient* db, StagingTable* table, BulkStagerOptions options,
             std::unique_ptr<StageParts> parts);
  Result<std::string> FromClause();
  Result<uint64_t> Copy(const std::vector<StagePart>& parts, size_t begin, size_t end);

  SnowflakeClient* db_;
  StagingTable* table_;
  BulkStagerOptions options_;
  std::unique_ptr<StageParts> parts_;
};

}  // namespace aq::snowflake
