#include "sinks/snowflake/spec.h"

#include <charconv>
#include <chrono>
#include <optional>

#include "clients/aws/aws_session.h"
#include "clients/snowflake/client.h"
#include "sinks/snowflake/login.h"
#include "sinks/snowflake/sink.h"
#include "sinks/snowflake/type_mapping.h"
#include "sinks/snowflake/views.h"

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

class SnowflakeOptions final : public SinkOptions {
 public:
  std::vector<OptionSpec> Flags() override {
    snowflake::LoginFlags& login = login_flags_;
    return {
        {"--load-method",
         "direct (array-bound INSERTs), bulk (gzip CSV in S3 + COPY INTO) or auto "
         "(bulk above 5,000 rows when a stage location is known)",
         &load_method_,
         {"auto", "direct", "bulk"},
         true,
         true},
        {"--stage",
         "s3://BUCKET/PREFIX/ for bulk part files (default: _aqpipe_stage/ in the "
         "bucket of the first s3:// --source); they are deleted after the load",
         &stage_,
         {},
         false,
         true},
        {"--snowflake-stage",
         "Named external stage whose URL is --stage; COPY then needs no AWS keys",
         &snowflake_stage_,
         {},
         false,
         true},
        {"--snowflake-url",
         "Account URL, e.g. https://ACCOUNT.snowflakecomputing.com (default: the "
         "secret's URL or SNOWFLAKE_URL)",
         &login.url},
        {"--snowflake-account", "Account identifier (ORG-ACCOUNT or locator); SNOWFLAKE_ACCOUNT",
         &login.account},
        {"--snowflake-user", "Login name; SNOWFLAKE_USER", &login.user},
        {"--snowflake-database", "Database; SNOWFLAKE_DATABASE", &login.database},
        {"--snowflake-warehouse", "Virtual warehouse; SNOWFLAKE_WAREHOUSE", &login.warehouse},
        {"--snowflake-role", "Role; SNOWFLAKE_ROLE", &login.role},
        {"--snowflake-private-key-file",
         "PEM private key for key-pair (JWT) login; SNOWFLAKE_PRIVATE_KEY_FILE",
         &login.private_key_file},
        {"--snowflake-read-timeout",
         "Seconds to wait for an answer to one request; Snowflake holds a query request up to "
         "about 45 s before it answers, so keep this above 45",
         &read_timeout_,
         {},
         true},
    };
  }

  Status ResolveLogin(const SinkRequest& request) override {
    AQ_ASSIGN_OR_RETURN(login_, snowflake::ResolveSnowflakeLogin(request.secret, login_flags_));
    return Status::Ok();
  }

  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request) override {
    if (!login_) {
      return InvalidArgument(
          "--warehouse snowflake needs a login: --secret NAME (e.g. snowflake/capstone/login), or "
          "SNOWFLAKE_ACCOUNT or SNOWFLAKE_URL with SNOWFLAKE_USER and SNOWFLAKE_PASSWORD (or "
          "SNOWFLAKE_PRIVATE_KEY)");
    }
    SnowflakeSinkOptions options;
    options.login = *login_;
    options.schema = request.schema;
    options.table = request.table;
    options.key_columns = request.key_columns;
    options.run_id = request.run_id;
    AQ_ASSIGN_OR_RETURN(options.method, ParseSnowflakeLoadMethod(load_method_));
    AQ_ASSIGN_OR_RETURN(options.read_timeout, ParseReadTimeout(read_timeout_));
    AQ_RETURN_IF_ERROR(SetUpBulk(request, options.method, &options.bulk));
    return std::unique_ptr<Sink>(std::make_unique<SnowflakeSink>(std::move(options)));
  }

  Result<std::unique_ptr<WarehouseViews>> OpenViews(const SinkRequest& request) override {
    AQ_ASSIGN_OR_RETURN(std::chrono::seconds read_timeout, ParseReadTimeout(read_timeout_));
    return NewSnowflakeViews(login_, request.schema, read_timeout);
  }

 private:
  Status SetUpBulk(const SinkRequest& request, SnowflakeLoadMethod method,
                   snowflake::BulkStagerOptions* bulk) const {
    if (!snowflake_stage_.empty()) {
      AQ_RETURN_IF_ERROR(snowflake::ValidateStageName(snowflake_stage_));
      if (stage_.empty())
        return InvalidArgument("--snowflake-stage needs --stage: the s3:// URL of that stage");
    }
    bulk->location = StageLocation(stage_, request.sources);
    bulk->named_stage = snowflake_stage_;
    if (bulk->location.empty() || method == SnowflakeLoadMethod::kDirect) {
      bulk->location.clear();
      return Status::Ok();
    }
    if (!bulk->location.starts_with("s3://")) {
      return InvalidArgument("--stage '" + stage_ +
                             "' must be an s3:// location: Snowflake reads staged files from S3");
    }
    if (request.registry == nullptr) return Internal("no file system registry for --stage");
    AQ_ASSIGN_OR_RETURN(bulk->fs, request.registry->For(bulk->location));
    if (bulk->named_stage.empty()) {
      bulk->credentials = []() -> Result<aws::AwsCredentials> {
        AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Shared());
        return session->credentials().Get();
      };
    }
    return Status::Ok();
  }

  static Result<std::chrono::seconds> ParseReadTimeout(const std::string& text) {
    int seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 1 || seconds > 3600) {
      return InvalidArgument("--snowflake-read-timeout takes whole seconds from 1 to 3600, not '" +
                             text + "'");
    }
    return std::chrono::seconds(seconds);
  }

  std::string load_method_ = "auto";
  std::string read_timeout_ = std::to_string(snowflake::QueryHttpOptions().read_timeout.count());
  std::string stage_;
  std::string snowflake_stage_;
  snowflake::LoginFlags login_flags_;
  std::optional<snowflake::SnowflakeLogin> login_;  // after ResolveLogin, when one was found
};

}  // namespace

SinkSpec SnowflakeSinkSpec() {
  SinkSpec spec;
  spec.name = "snowflake";
  spec.names = {"snowflake"};
  spec.usage = "snowflake";
  spec.option_group = "Snowflake (--warehouse snowflake)";
  spec.environment = {
      {"SNOWFLAKE_URL", "account URL"},
      {"SNOWFLAKE_ACCOUNT", "account identifier (when no URL)"},
      {"SNOWFLAKE_USER", "login name"},
      {"SNOWFLAKE_PASSWORD", "password"},
      {"SNOWFLAKE_DATABASE", "database"},
      {"SNOWFLAKE_WAREHOUSE", "virtual warehouse"},
      {"SNOWFLAKE_ROLE", "role"},
      {"SNOWFLAKE_SCHEMA", "schema (when no --schema)"},
      {"SNOWFLAKE_PRIVATE_KEY", "PEM private key (key-pair login)"},
      {"SNOWFLAKE_PRIVATE_KEY_FILE", "file with that key (also SNOWFLAKE_PRIVATE_KEY_PATH)"},
      {"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "the key's passphrase"},
  };
  spec.secret_fields = {"URL",      "USER_NAME",   "PASSWORD",
                        "DATABASE", "WAREHOUSE",   "ROLE",
                        "SCHEMA",   "PRIVATE_KEY", "PRIVATE_KEY_PASSPHRASE"};
  spec.capabilities.transactions = true;
  spec.capabilities.merge = MergeStyle::kInsertNotMatched;
  spec.capabilities.load_ledger = true;
  spec.capabilities.timestamp_digits = 9;  // TIMESTAMP_TZ(9)
  spec.capabilities.max_identifier_bytes = 255;
  spec.capabilities.folds_to_upper = true;
  spec.capabilities.bulk_paths = {"array-bound INSERT (direct)",
                                  "gzip CSV parts in S3 + COPY INTO (bulk)"};
  spec.types = &snowflake::Types();
  spec.new_options = [] { return std::make_unique<SnowflakeOptions>(); };
  return spec;
}

}  // namespace aq
