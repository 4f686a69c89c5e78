// The load ledger: table aqpipe_load_ledger in the target's schema, one row per
// source object loaded into a target table (target_table, source_path,
// source_version, rows, run_id, loaded_at). It is written in the run's own
// transaction, so it records a source exactly when the source's rows became
// visible; a rerun asks it which sources to skip. source_version is the
// object's version (S3 ETag, or "<size>-<mtime ns>" for a local file): a source
// that changed since it was loaded is loaded again.
//
// Thread safety: driven by the sink's writer thread only.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "io/filesystem.h"
#include "sinks/ledger_sink.h"
#include "sinks/postgresql/connection.h"

namespace aq::postgresql {

inline constexpr char kLedgerTable[] = "aqpipe_load_ledger";

// Paths of those `objects` that the ledger records as loaded into `table` at their current version.
Result<std::set<std::string>> LoadedSources(Connection& db, const std::string& schema,
                                            const std::string& table,
                                            const std::vector<ObjectInfo>& objects);

// Adds `entries` for `table` (creating the ledger table when missing); an entry the ledger already
// has (same table, path and version) keeps its first record.
Status RecordSources(Connection& db, const std::string& schema, const std::string& table,
                     const std::string& run_id, const std::vector<LedgerEntry>& entries);

}  // namespace aq::postgresql
