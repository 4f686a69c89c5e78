#include "sinks/sink_factory.h"

#include "sinks/files/sink.h"
#include "sinks/null/sink.h"
#include "sinks/postgresql/sink.h"
#include "sinks/snowflake/sink.h"
#include "sinks/sqlite/sink.h"
#include "sinks/tee_sink.h"

namespace aq {

Result<std::unique_ptr<Sink>> MakeWarehouseSink(const SinkRequest& request) {
  const std::string& w = request.warehouse;
  if (w == "null" || w == "none") return std::unique_ptr<Sink>(std::make_unique<NullSink>());
  if (w.starts_with("sqlite:")) {
    std::string path = w.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // sqlite://path is accepted too
    if (path.empty())
      return InvalidArgument("--warehouse sqlite: needs a file path, e.g. sqlite:aqpipe.db");
    return std::unique_ptr<Sink>(
        std::make_unique<SqliteSink>(SqliteSinkOptions{path, request.table, request.key_columns}));
  }
  if (w.starts_with("postgresql://") || w.starts_with("postgres://")) {
    PostgresSinkOptions options;
    options.url = w;
    if (!request.schema.empty()) options.schema = request.schema;
    options.table = request.table;
    options.key_columns = request.key_columns;
    options.run_id = request.run_id;
    return std::unique_ptr<Sink>(std::make_unique<PostgresSink>(std::move(options)));
  }
  if (w == "snowflake") {
    if (!request.login) {
      return InvalidArgument(
          "--warehouse snowflake needs a login: --secret NAME (e.g. snowflake/capstone/login), or "
          "SNOWFLAKE_ACCOUNT or SNOWFLAKE_URL with SNOWFLAKE_USER and SNOWFLAKE_PASSWORD (or "
          "SNOWFLAKE_PRIVATE_KEY)");
    }
    SnowflakeSinkOptions options;
    options.login = *request.login;
    options.schema = request.schema;
    options.table = request.table;
    options.key_columns = request.key_columns;
    options.run_id = request.run_id;
    return std::unique_ptr<Sink>(std::make_unique<SnowflakeSink>(std::move(options)));
  }
  return InvalidArgument("unknown --warehouse '" + w +
                         "': use sqlite:PATH, postgresql://USER@HOST/DB, snowflake or null");
}

Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request, bool warehouse_given) {
  std::vector<std::unique_ptr<Sink>> sinks;
  if (warehouse_given || request.output.empty()) {
    AQ_ASSIGN_OR_RETURN(auto warehouse, MakeWarehouseSink(request));
    sinks.push_back(std::move(warehouse));
  }
  if (!request.output.empty()) {
    AQ_ASSIGN_OR_RETURN(FileCodec codec, ParseFileCodec(request.output_codec));
    FilesSinkOptions options;
    options.location = request.output;
    options.registry = request.registry;
    options.codec = codec;
    options.run_id = request.run_id;
    sinks.push_back(std::make_unique<FilesSink>(std::move(options)));
  }
  if (sinks.size() == 1) return std::move(sinks.front());
  return std::unique_ptr<Sink>(std::make_unique<TeeSink>(std::move(sinks)));
}

}  // namespace aq
