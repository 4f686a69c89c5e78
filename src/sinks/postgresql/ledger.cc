#include "sinks/postgresql/ledger.h"

#include "sinks/postgresql/target_table.h"
#include "sinks/postgresql/type_mapping.h"

namespace aq::postgresql {
namespace {

Result<bool> LedgerExists(Connection& db, const std::string& schema) {
  AQ_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT to_regclass($1) IS NOT NULL",
                                          {QualifiedName(schema, kLedgerTable)}));
  return !rows.empty() && rows[0][0] == "t";
}

}  // namespace

Result<std::set<std::string>> LoadedSources(Connection& db, const std::string& schema,
                                            const std::string& table,
                                            const std::vector<ObjectInfo>& objects) {
  std::set<std::string> loaded;
  AQ_ASSIGN_OR_RETURN(bool exists, LedgerExists(db, schema));
  if (!exists || objects.empty()) return loaded;
  std::vector<std::string> paths, versions;
  for (const auto& object : objects) {
    paths.push_back(object.path);
    versions.push_back(object.version);
  }
  AQ_ASSIGN_OR_RETURN(Rows rows,
                      db.Query("SELECT l.source_path FROM " + QualifiedName(schema, kLedgerTable) +
                                   " l JOIN unnest($2::text[], $3::text[]) AS s(path, version) "
                                   "ON l.source_path = s.path AND l.source_version = s.version "
                                   "WHERE l.target_table = $1",
                               {table, ArrayLiteral(paths), ArrayLiteral(versions)}));
  for (auto& row : rows) loaded.insert(row[0]);
  return loaded;
}

Status RecordSources(Connection& db, const std::string& schema, const std::string& table,
                     const std::string& run_id, const std::vector<LedgerEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  std::string ledger = QualifiedName(schema, kLedgerTable);
  AQ_ASSIGN_OR_RETURN(bool exists, LedgerExists(db, schema));
  if (!exists) {
    // Runs into other tables of this schema may be creating it too: serialize on the schema.
    AQ_RETURN_IF_ERROR(LockName(db, "aqpipe-schema:" + schema));
    AQ_ASSIGN_OR_RETURN(exists, LedgerExists(db, schema));
  }
  if (!exists) {
    AQ_RETURN_IF_ERROR(
        db.Exec("CREATE TABLE " + ledger +
                " (target_table TEXT NOT NULL, source_path TEXT NOT NULL, "
                "source_version TEXT NOT NULL, rows BIGINT NOT NULL, run_id TEXT NOT NULL, "
                "loaded_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                "PRIMARY KEY (target_table, source_path, source_version))")
            .status());
  }
  std::vector<std::string> paths, versions, rows;
  for (const auto& entry : entries) {
    paths.push_back(entry.source_path);
    versions.push_back(entry.source_version);
    rows.push_back(std::to_string(entry.rows));
  }
  return db
      .Exec("INSERT INTO " + ledger +
                " (target_table, source_path, source_version, rows, run_id) "
                "SELECT $1, path, version, n::bigint, $2 FROM unnest($3::text[], $4::text[], "
                "$5::text[]) "
                "AS s(path, version, n) ON CONFLICT DO NOTHING",
            {table, run_id, ArrayLiteral(paths), ArrayLiteral(versions), ArrayLiteral(rows)})
      .status();
}

}  // namespace aq::postgresql
