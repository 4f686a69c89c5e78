// `aqpipe schema`: the inferred schema and the flatten plan, without loading.
#include <cstdio>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/pipeline_flags.h"
#include "cli/registry_setup.h"
#include "pipeline/pipeline.h"
#include "sinks/null/sink.h"

namespace aq::cli {
namespace {

int ShowSchema(const PipelineFlags& flags) {
  auto options = ToRunOptions(flags);
  if (!options.ok()) {
    Log("error", options.status().message());
    return kExitUsage;
  }
  FileSystemRegistry registry;
  RegisterFileSystems(registry);
  RunCallbacks callbacks;
  callbacks.note = [](const std::string& note) { Log("warning", note); };
  auto make_sink = []() -> Result<std::unique_ptr<Sink>> {
    return std::unique_ptr<Sink>(std::make_unique<NullSink>());
  };
  auto result = RunPipeline(*options, registry, make_sink, callbacks);
  if (!result.ok()) {
    Log("error", result.status().message());
    return ExitCodeFor(result.status());
  }
  std::printf("%-32s %-40s %s\n", "source path", "column", "type");
  for (const Column& column : result->schema.columns()) {
    if (column.dropped) continue;
    std::string name = column.name + (column.key ? " (key)" : "");
    std::printf("%-32s %-40s %s\n", column.source_path.c_str(), name.c_str(),
                TypeName(column.type));
  }
  const RunStats& s = result->stats;
  std::printf("\n%llu records read from %llu files, %llu would be quarantined%s%s\n",
              static_cast<unsigned long long>(s.records_read),
              static_cast<unsigned long long>(s.objects),
              static_cast<unsigned long long>(s.quarantined), s.rejects_path.empty() ? "" : " -> ",
              s.rejects_path.c_str());
  return kExitOk;
}

}  // namespace

void AddSchemaCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<PipelineFlags>();
  CLI::App* command =
      app.add_subcommand("schema", "Print the inferred schema and flatten plan of the input");
  AddPipelineFlags(*command, flags.get());
  BindEnvironment(*command);
  command->callback([flags, exit_code] { *exit_code = ShowSchema(*flags); });
}

}  // namespace aq::cli
