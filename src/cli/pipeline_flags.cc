#include "cli/pipeline_flags.h"

#include <algorithm>
#include <charconv>
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
                     "File, directory, glob or s3://bucket/prefix to read (repeatable; default: "
                     "the bundled sample)");
  command
      .add_option("--key", flags->key,
                  "Natural key columns (flattened names), comma-separated; rows with the same key "
                  "load once")
      ->capture_default_str();
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
  command.add_option(
      "--max-bad-records", flags->max_bad_records,
      "Fail the run (load nothing) when more records than this are quarantined: a count (100) "
      "or a share of records read (0.01); default: no limit");
  command
      .add_option("--rejects", flags->rejects, "Directory or s3:// prefix for quarantined records")
      ->capture_default_str();
}

Result<RunOptions> ToRunOptions(const PipelineFlags& flags) {
  RunOptions options;
  options.sources =
      flags.sources.empty() ? std::vector<std::string>{DefaultSource()} : flags.sources;
  options.key_columns = SplitList(flags.key);
  options.threads = flags.threads;
  if (flags.threads < 0) return InvalidArgument("--threads must be 0 (one per core) or more");
  if (flags.chunk_mib == 0 || flags.chunk_mib > 1024)
    return InvalidArgument("--chunk-mib must be 1 to 1024");
  options.chunk_bytes = flags.chunk_mib << 20;
  options.split_bytes = static_cast<uint64_t>(flags.split_mib) << 20;
  // The record limit holds whatever the chunk size (the reader quarantines larger records).
  options.max_record_bytes = flags.max_record_mib << 20;
  options.rejects_dir = flags.rejects;
  if (!flags.max_bad_records.empty()) {
    const std::string& text = flags.max_bad_records;
    double value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
      return InvalidArgument(
          "--max-bad-records takes a count (100) or a fraction below 1 (0.01), not '" + text + "'");
    }
    options.max_bad_records.set = true;
    options.max_bad_records.is_fraction = value > 0 && value < 1;  // 0.01 and 1e-2 are shares
    options.max_bad_records.value = value;
  }
  return options;
}

}  // namespace aq::cli
