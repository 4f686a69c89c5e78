// Maps --warehouse (and --output) to sinks. A new warehouse is a new folder
// under sinks/ plus one branch here.
//
//   sqlite:PATH                  embedded SQLite file (the default: sqlite:aqpipe.db)
//   postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...]   PostgreSQL through libpq
//                                (also postgres://; PG* environment variables apply; --schema,
//                                default public)
//   null                         discard rows (benchmarks)
//
// Thread safety: pure factory.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clients/aws/warehouse_login.h"
#include "sinks/sink.h"
#include "sources/source.h"

namespace aq {

struct SinkRequest {
  std::string warehouse = "sqlite:aqpipe.db";
  std::string table = "measurements";
  std::string schema;  // warehouse schema/namespace, where the warehouse has one
  std::vector<std::string> key_columns;
  std::string output;  // --output location for the files sink; empty: none
  std::string output_codec = "gzip";
  FileSystemRegistry* registry = nullptr;
  std::string run_id;
  // The warehouse login from --secret or the warehouse's environment variables, when given.
  std::optional<aws::WarehouseLogin> login;
  // Snowflake: --load-method (auto, direct, bulk), --stage (s3:// location for bulk part files;
  // empty: <bucket of the first s3:// source>/_aqpipe_stage/, or none), --snowflake-stage (a named
  // stage whose URL is that location).
  std::string load_method = "auto";
  std::string stage;
  std::string snowflake_stage;
  std::vector<std::string> sources;  // the run's --source specs, for the default stage
};

// Where bulk loads stage files: `stage` when given, else "_aqpipe_stage/" in the bucket of the
// first s3:// source, else empty (no bulk).
std::string StageLocation(const std::string& stage, const std::vector<std::string>& sources);

Result<std::unique_ptr<Sink>> MakeWarehouseSink(const SinkRequest& request);
// The warehouse sink, the files sink, or both (a TeeSink), as the request asks.
Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request, bool warehouse_given);

}  // namespace aq
