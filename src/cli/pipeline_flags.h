// Flags shared by `run` and `schema`: where to read, how to read it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "pipeline/run_options.h"

namespace aq::cli {

struct PipelineFlags {
  std::vector<std::string> sources;
  std::string key = "location_id,parameter,date_utc";
  int threads = 0;
  size_t chunk_mib = 4;
  size_t split_mib = 64;
  size_t max_record_mib = 64;
  int max_depth = kDefaultMaxDepth;
  std::string max_bad_records;
  std::string rejects = "aqpipe-rejects";
};

void AddPipelineFlags(CLI::App& command, PipelineFlags* flags);
// Validates and converts; errors name the flag to fix.
Result<RunOptions> ToRunOptions(const PipelineFlags& flags);
// The bundled sample: ./data/sample when present, else the copy installed or built beside the
// binary.
std::string DefaultSource();
std::vector<std::string> SplitList(const std::string& text);

}  // namespace aq::cli
