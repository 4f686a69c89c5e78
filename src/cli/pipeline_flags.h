// Flags shared by `run` and `schema`: where to read, how to read it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "pipeline/run_options.h"

namespace aq::cli {

struct PipelineFlags {
  std::vector<std::string> sources;
  std::string key = "location_id,parameter,date_utc";
  bool key_given = false;  // --key on the command line
  bool no_dedup = false;
  int threads = 0;
  size_t chunk_mib = 4;
  size_t split_mib = 64;
  size_t max_record_mib = 64;
  int max_depth = kDefaultMaxDepth;
  std::string max_bad_records;
  std::string rejects = "aqpipe-rejects";
  size_t max_rejects_mib = 256;
};

void AddPipelineFlags(CLI::App& command, PipelineFlags* flags);
// Validates and converts; errors name the flag to fix.
Result<RunOptions> ToRunOptions(const PipelineFlags& flags);
// The bundled sample: ./data/sample when present, else the copy installed or built beside the
// binary. `--source sample` names it; without any --source, `schema` reads it and `run` loads it
// only when no target is given either (see run_command.cc).
std::string DefaultSource();
inline constexpr const char* kSampleSource = "sample";
std::vector<std::string> SplitList(const std::string& text);

}  // namespace aq::cli
