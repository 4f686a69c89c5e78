#include "sinks/postgresql/spec.h"

#include "sinks/postgresql/sink.h"
#include "sinks/postgresql/type_mapping.h"
#include "sinks/postgresql/views.h"

namespace aq {
namespace {

class PostgresOptions final : public SinkOptions {
 public:
  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request) override {
    PostgresSinkOptions options;
    options.url = request.warehouse;
    if (!request.schema.empty()) options.schema = request.schema;
    options.table = request.table;
    options.key_columns = request.key_columns;
    options.run_id = request.run_id;
    return std::unique_ptr<Sink>(std::make_unique<PostgresSink>(std::move(options)));
  }

  Result<std::unique_ptr<WarehouseViews>> OpenViews(const SinkRequest& request) override {
    return NewPostgresViews(request.warehouse, request.schema);
  }
};

}  // namespace

SinkSpec PostgresSinkSpec() {
  SinkSpec spec;
  spec.name = "postgresql";
  spec.url_schemes = {"postgresql://", "postgres://"};
  spec.usage = "postgresql://USER@HOST[:PORT]/DB";
  // libpq reads these itself for whatever the URL leaves out.
  spec.environment = {{"PGHOST", "server host"},      {"PGPORT", "server port"},
                      {"PGUSER", "login name"},       {"PGPASSWORD", "password"},
                      {"PGDATABASE", "database"},     {"PGSSLMODE", "TLS mode"},
                      {"PGPASSFILE", "password file"}};
  spec.capabilities.transactions = true;
  spec.capabilities.merge = MergeStyle::kInsertOnConflict;
  spec.capabilities.load_ledger = true;
  spec.capabilities.timestamp_digits = 6;  // TIMESTAMPTZ keeps microseconds
  spec.capabilities.max_identifier_bytes = postgresql::kMaxIdentifierBytes;
  spec.capabilities.bulk_paths = {"COPY FROM STDIN (CSV) into a staging table"};
  spec.types = &postgresql::Types();
  spec.new_options = [] { return std::make_unique<PostgresOptions>(); };
  return spec;
}

}  // namespace aq
