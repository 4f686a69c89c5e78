#include "sinks/sink_factory.h"

#include "clients/aws/aws_session.h"
#include "sinks/files/sink.h"
#include "sinks/null/sink.h"
#include "sinks/postgresql/sink.h"
#include "sinks/snowflake/sink.h"
#include "sinks/sqlite/sink.h"
#include "sinks/tee_sink.h"

namespace aq {

std::string StageLocation(const std::string& stage, const std::vector<std::string>& sources) {
  if (!stage.empty()) return stage.ends_with('/') ? stage : stage + "/";
  for (const std::string& source : sources) {
    if (!source.starts_with("s3://")) continue;
    size_t slash = source.find('/', 5);
    return source.substr(0, slash == std::string::npos ? source.size() : slash) + "/_aqpipe_stage/";
  }
  return "";
}

namespace {

Result<std::unique_ptr<Sink>> MakeSnowflakeSink(const SinkRequest& request) {
  SnowflakeSinkOptions options;
  options.login = *request.login;
  options.schema = request.schema;
  options.table = request.table;
  options.key_columns = request.key_columns;
  options.run_id = request.run_id;
  AQ_ASSIGN_OR_RETURN(options.method, ParseSnowflakeLoadMethod(request.load_method));
  if (!request.snowflake_stage.empty()) {
    AQ_RETURN_IF_ERROR(snowflake::ValidateStageName(request.snowflake_stage));
    if (request.stage.empty())
      return InvalidArgument("--snowflake-stage needs --stage: the s3:// URL of that stage");
  }
  options.bulk.location = StageLocation(request.stage, request.sources);
  options.bulk.named_stage = request.snowflake_stage;
  if (!options.bulk.location.empty() && options.method != SnowflakeLoadMethod::kDirect) {
    if (!options.bulk.location.starts_with("s3://")) {
      return InvalidArgument("--stage '" + request.stage +
                             "' must be an s3:// location: Snowflake reads staged files from S3");
    }
    if (request.registry == nullptr) return Internal("no file system registry for --stage");
    AQ_ASSIGN_OR_RETURN(options.bulk.fs, request.registry->For(options.bulk.location));
    if (options.bulk.named_stage.empty()) {
      options.bulk.credentials = []() -> Result<aws::AwsCredentials> {
        AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Shared());
        return session->credentials().Get();
      };
    }
  } else {
    options.bulk.location.clear();
  }
  return std::unique_ptr<Sink>(std::make_unique<SnowflakeSink>(std::move(options)));
}

}  // namespace

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
    return MakeSnowflakeSink(request);
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
