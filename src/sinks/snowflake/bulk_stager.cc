#include "sinks/snowflake/bulk_stager.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/text_format.h"
#include "sinks/snowflake/type_mapping.h"

namespace aq::snowflake {
namespace {

// How Snowflake must read the files sink's CSV dialect (see csv_writer.h).
constexpr char kFileFormat[] =
    "FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '\"' "
    "EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () ESCAPE_UNENCLOSED_FIELD = NONE COMPRESSION = GZIP)";

}  // namespace

Status ValidateStageName(const std::string& name) {
  size_t parts = 1;
  bool ok = !name.empty() && name.front() != '.' && name.back() != '.';
  for (size_t i = 0; ok && i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c == '.') {
      ok = name[i - 1] != '.';
      ++parts;
    } else {
      ok = std::isalnum(c) || c == '_' || c == '$';
    }
  }
  if (ok && parts <= 3) return Status::Ok();
  return InvalidArgument("--snowflake-stage '" + name +
                         "' is not a stage name: use STAGE, SCHEMA.STAGE or DATABASE.SCHEMA.STAGE "
                         "(letters, digits, '_' and '$')");
}

BulkStager::BulkStager(SnowflakeClient* db, StagingTable* table, BulkStagerOptions options,
                       std::unique_ptr<StageParts> parts)
    : db_(db), table_(table), options_(std::move(options)), parts_(std::move(parts)) {}

Result<std::unique_ptr<BulkStager>> BulkStager::Make(SnowflakeClient* db, StagingTable* table,
                                                     BulkStagerOptions options) {
  if (options.fs == nullptr || !options.location.starts_with("s3://")) {
    return InvalidArgument(
        "the bulk load stages files in S3: --stage must be an s3:// location Snowflake can read "
        "(got '" +
        options.location + "')");
  }
  if (!options.location.ends_with('/')) options.location += '/';
  if (!options.named_stage.empty()) AQ_RETURN_IF_ERROR(ValidateStageName(options.named_stage));
  if (options.named_stage.empty() && !options.credentials) {
    return InvalidArgument("the bulk load needs AWS credentials for COPY, or --snowflake-stage");
  }
  AQ_ASSIGN_OR_RETURN(auto parts,
                      StageParts::Make(options.fs, options.location + options.run_id + "/",
                                       options.target_part_bytes, options.block_bytes));
  return std::unique_ptr<BulkStager>(
      new BulkStager(db, table, std::move(options), std::move(parts)));
}

Status BulkStager::Add(uint64_t ordinal, std::span<const StagedValue> values) {
  return parts_->Add(ordinal, values);
}

Result<std::string> BulkStager::FromClause() {
  if (!options_.named_stage.empty())
    return "@" + options_.named_stage + "/" + options_.run_id + "/";
  auto credentials = options_.credentials();
  if (!credentials.ok()) {
    return credentials.status().WithContext(
        "getting AWS credentials for Snowflake to read the staged files (or use "
        "--snowflake-stage)");
  }
  std::string from = QuoteLiteral(parts_->folder()) +
                     " CREDENTIALS = (AWS_KEY_ID = " + QuoteLiteral(credentials->access_key_id) +
                     " AWS_SECRET_KEY = " + QuoteLiteral(credentials->secret_access_key.reveal());
  if (!credentials->session_token.empty())
    from += " AWS_TOKEN = " + QuoteLiteral(credentials->session_token.reveal());
  return from + ")";
}

Result<uint64_t> BulkStager::Copy(const std::vector<StagePart>& parts, size_t begin, size_t end) {
  AQ_ASSIGN_OR_RETURN(std::string from, FromClause());
  std::string files;
  for (size_t i = begin; i < end; ++i)
    files += (i > begin ? ", " : "") + QuoteLiteral(parts[i].name);
  std::string sql = "COPY INTO " + StagingTable::Name() + " " +
                    StagingTable::ColumnList(parts[begin].columns) + " FROM " + from +
                    " FILES = (" + files + ") " + kFileFormat +
                    " ON_ERROR = ABORT_STATEMENT FORCE = TRUE";
  std::string what = "loading " + std::to_string(end - begin) + " staged part file(s) from " +
                     parts_->folder() + " with COPY INTO";
  auto copied = db_->Execute(sql);
  if (!copied.ok()) return copied.status().WithContext(what);
  int rows_loaded = -1;
  for (size_t c = 0; c < copied->columns.size(); ++c) {
    if (AsciiLower(copied->columns[c].name) == "rows_loaded") rows_loaded = static_cast<int>(c);
  }
  if (rows_loaded < 0) return Internal(what + ": the result has no rows_loaded column");
  uint64_t loaded = 0;
  for (const auto& row : copied->rows) {
    const auto& cell = row.at(static_cast<size_t>(rows_loaded));
    uint64_t count = 0;
    if (cell && std::from_chars(cell->data(), cell->data() + cell->size(), count).ec != std::errc())
      return Internal(what + ": rows_loaded is not a number: " + *cell);
    loaded += count;
  }
  return loaded;
}

Result<uint64_t> BulkStager::Finish() {
  AQ_ASSIGN_OR_RETURN(std::vector<StagePart> parts, parts_->Close());
  if (parts.empty()) return uint64_t{0};
  size_t columns = 0;
  for (const StagePart& part : parts) columns = std::max(columns, part.columns);
  AQ_RETURN_IF_ERROR(table_->Ensure(columns));
  uint64_t loaded = 0;
  for (size_t begin = 0; begin < parts.size();) {
    size_t end = begin + 1;
    while (end < parts.size() && parts[end].columns == parts[begin].columns) ++end;
    AQ_ASSIGN_OR_RETURN(uint64_t copied, Copy(parts, begin, end));
    loaded += copied;
    begin = end;
  }
  if (loaded != parts_->rows()) {
    return Internal("COPY INTO loaded " + std::to_string(loaded) + " rows from " +
                    parts_->folder() + ", but " + std::to_string(parts_->rows()) +
                    " were staged there; nothing was loaded");
  }
  return loaded;
}

void BulkStager::Cleanup() { parts_->Delete(); }

}  // namespace aq::snowflake
