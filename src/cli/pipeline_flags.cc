#include "cli/pipeline_flags.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

namespace aq::cli {

std::string DefaultSource() {
  if (std::filesystem::is_directory("data/sample")) return "data/sample";
  if (std::filesystem::is_directory("/usr/share/aqpipe/sample")) return "/usr/share/aqpipe/sample";
  return AQPIPE_SAMPLE_DIR;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

void AddPipelineFlags(CLI::App& command, PipelineFlags* flags) {
  command.add_option("-s,--source", flags->sources,
                     "File, directory, glob ('*' within a folder, '**/' any folders), "
                     "s3://bucket/prefix, - for standard input, or 'sample' for the bundled "
                     "synthetic sample (./sample for a directory of that name); repeatable");
  command
      .add_option("--key", flags->key,
                  "Natural key columns (flattened names), comma-separated; rows with the same key "
                  "load once")
      ->capture_default_str()
      ->each([flags](const std::string&) { flags->key_given = true; });
  command.add_flag("--no-dedup", flags->no_dedup,
                   "Load without a natural key: every record becomes a row, so a rerun loads "
                   "everything again");
  command.add_option("--threads", flags->threads, "Reader threads (default: one per core)");
  command.add_option("--chunk-mib", flags->chunk_mib, "Input per batch, MiB")
      ->capture_default_str();
  command
      .add_option(
          "--split-mib", flags->split_mib,
          "Read plain JSON Lines files larger than this in parallel ranges of this size, MiB")
      ->capture_default_str();
  command.add_option("--max-record-mib", flags->max_record_mib, "Largest record accepted, MiB")
      ->capture_default_str();
  command
      .add_option("--max-depth", flags->max_depth,
                  "Levels of object nesting a record may have (the record is level 1); deeper "
                  "records are quarantined")
      ->capture_default_str();
  command.add_option(
      "--max-bad-records", flags->max_bad_records,
      "Fail the run (load nothing) when more records than this are quarantined: a count (100) "
      "or a share of records read (0.01); default: no limit");
  command
      .add_option("--rejects", flags->rejects, "Directory or s3:// prefix for quarantined records")
      ->capture_default_str();
  command
      .add_option("--max-rejects-mib", flags->max_rejects_mib,
                  "Fail the run (exit 3, load nothing) when the rejects file would grow beyond "
                  "this, MiB: input that is mostly not JSON")
      ->capture_default_str();
}

namespace {

Status CheckKey(const PipelineFlags& flags, const std::vector<std::string>& key) {
  if (key.empty() && !flags.no_dedup) {
    return InvalidArgument(
        "--key '" + flags.key +
        "' names no column: without a natural key every rerun loads every record again. Name "
        "the key columns (default location_id,parameter,date_utc), or pass --no-dedup to load "
        "without deduplication");
  }
  if (!key.empty() && flags.no_dedup && flags.key_given) {
    return InvalidArgument(
        "--no-dedup loads without a natural key; it cannot be combined with --key " + flags.key +
        " (drop one of the two)");
  }
  for (size_t i = 0; i < key.size(); ++i) {
    if (std::find(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(i), key[i]) !=
        key.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument("--key names column " + key[i] +
                             " twice; name each natural key column once");
    }
  }
  return Status::Ok();
}

Result<BadRecordLimit> ParseBadRecordLimit(const std::string& text) {
  double value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // A share is below 1; a count is a whole number: 1.5 records is neither.
  if (ec != std::errc() || end != text.data() + text.size() || !(value >= 0) ||
      (value >= 1 && (value != std::floor(value) || value > 1e15))) {
    return InvalidArgument(
        "--max-bad-records takes a count (a whole number: 100) or a fraction below 1 (0.01), not "
        "'" +
        text + "'");
  }
  BadRecordLimit limit;
  limit.set = true;
  limit.is_fraction = value > 0 && value < 1;  // 0.01 and 1e-2 are shares
  limit.value = value;
  return limit;
}

}  // namespace

Result<RunOptions> ToRunOptions(const PipelineFlags& flags) {
  RunOptions options;
  options.sources =
      flags.sources.empty() ? std::vector<std::string>{DefaultSource()} : flags.sources;
  for (auto& source : options.sources) {
    if (source == kSampleSource) source = DefaultSource();
  }
  options.key_columns = SplitList(flags.key);
  AQ_RETURN_IF_ERROR(CheckKey(flags, options.key_columns));
  if (flags.no_dedup) options.key_columns.clear();
  options.threads = flags.threads;
  if (flags.threads < 0) return InvalidArgument("--threads must be 0 (one per core) or more");
  if (flags.chunk_mib == 0 || flags.chunk_mib > 1024)
    return InvalidArgument("--chunk-mib must be 1 to 1024");
  if (flags.split_mib == 0 || flags.split_mib > (1u << 20))
    return InvalidArgument("--split-mib must be 1 or more (MiB per parallel range)");
  if (flags.max_record_mib == 0 || flags.max_record_mib > 4096)
    return InvalidArgument("--max-record-mib must be 1 to 4096");
  if (flags.max_rejects_mib == 0 || flags.max_rejects_mib > (1u << 20))
    return InvalidArgument("--max-rejects-mib must be 1 or more");
  options.chunk_bytes = flags.chunk_mib << 20;
  options.split_bytes = static_cast<uint64_t>(flags.split_mib) << 20;
  // The record limit holds whatever the chunk size (the reader quarantines larger records).
  options.max_record_bytes = flags.max_record_mib << 20;
  if (flags.max_depth < 1 || flags.max_depth > kMaxMaxDepth)
    return InvalidArgument("--max-depth must be 1 to " + std::to_string(kMaxMaxDepth));
  options.max_depth = flags.max_depth;
  options.rejects_dir = flags.rejects;
  options.max_rejects_bytes = static_cast<uint64_t>(flags.max_rejects_mib) << 20;
  if (!flags.max_bad_records.empty()) {
    AQ_ASSIGN_OR_RETURN(options.max_bad_records, ParseBadRecordLimit(flags.max_bad_records));
  }
  return options;
}

}  // namespace aq::cli
