// `aqpipe run`: the main job.
#include <cstdio>

#include "cli/commands.h"
#include "cli/log.h"
#include "cli/pipeline_flags.h"
#include "cli/registry_setup.h"
#include "cli/sink_flags.h"
#include "pipeline/pipeline.h"
#include "sinks/sink_factory.h"

namespace aq::cli {
namespace {

struct RunFlags {
  PipelineFlags pipeline;
  std::string warehouse = kDefaultWarehouse;
  std::string table = "measurements";
  std::string schema;
  std::string secret;
  SinkCatalog sinks;  // every registered sink with its own options, bound to their flags
};

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

int Run(RunFlags& flags, bool warehouse_given) {
  auto options = ToRunOptions(flags.pipeline);
  if (!options.ok()) {
    Log("error", options.status().message());
    return kExitUsage;
  }
  FileSystemRegistry registry;
  RegisterFileSystems(registry);
  SinkRequest request;
  request.warehouse = flags.warehouse;
  request.table = flags.table;
  request.schema = flags.schema;
  request.key_columns = options->key_columns;
  request.secret = flags.secret;
  request.registry = &registry;
  request.run_id = NewRunId();
  request.sources = flags.pipeline.sources;
  options->run_id = request.run_id;
  // Not reaching the login (a secret, a key file) is a failure; what MakeSink rejects is usage.
  if (Status login = flags.sinks.ResolveLogin(request, warehouse_given); !login.ok()) {
    Log("error", login.message());
    return kExitFailure;
  }
  auto sink = flags.sinks.MakeSink(request, warehouse_given);
  if (!sink.ok()) {
    Log("error", sink.status().message());
    return kExitUsage;
  }
  RunCallbacks callbacks;
  callbacks.note = [](const std::string& note) { Log("warning", note); };
  callbacks.progress = [](const Progress& p) {
    ShowProgress("aqpipe: " + Megabytes(p.bytes) + ", " + Thousands(p.records) + " records, " +
                 std::to_string(p.objects_done) + "/" + std::to_string(p.objects_total) + " files");
  };
  // The sink checked above serves the first pass; a second pass (see RunPipeline) gets a new one.
  std::string target = (*sink)->Describe();
  std::unique_ptr<Sink> first = std::move(sink).value();
  auto make_sink = [&]() -> Result<std::unique_ptr<Sink>> {
    if (first) return std::move(first);
    return flags.sinks.MakeSink(request, warehouse_given);
  };
  auto result = RunPipeline(*options, registry, make_sink, callbacks);
  ClearProgress();
  if (!result.ok()) {
    Log("error", result.status().message(), {{"target", target}});
    return result.status().code() == StatusCode::kDataError ? kExitBadData : kExitFailure;
  }
  const RunStats& s = result->stats;
  Fields fields = {{"target", result->target},
                   {"objects", std::to_string(s.objects)},
                   {"objects_skipped", std::to_string(s.objects_skipped)},
                   {"bytes", std::to_string(s.bytes)},
                   {"records_read", std::to_string(s.records_read)},
                   {"loaded", std::to_string(s.loaded)},
                   {"duplicates", std::to_string(s.duplicates)},
                   {"quarantined", std::to_string(s.quarantined)},
                   {"rejects", s.rejects_path},
                   {"seconds", std::to_string(s.seconds)}};
  if (GetLogFormat() == LogFormat::kJson) {
    Log("info", "run complete", fields);
  } else {
    std::printf("loaded %s new rows into %s\n", Thousands(s.loaded).c_str(),
                result->target.c_str());
    std::printf("  read %s records from %s files (%s) in %.2f s\n",
                Thousands(s.records_read).c_str(), Thousands(s.objects).c_str(),
                Megabytes(s.bytes).c_str(), s.seconds);
    if (s.objects_skipped) {
      std::printf("  skipped %s files already in the load ledger\n",
                  Thousands(s.objects_skipped).c_str());
    }
    std::printf("  skipped %s duplicates, quarantined %s records%s%s\n",
                Thousands(s.duplicates).c_str(), Thousands(s.quarantined).c_str(),
                s.rejects_path.empty() ? "" : " -> ", s.rejects_path.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command =
      app.add_subcommand("run", "Read, flatten and load raw OpenAQ JSON into a warehouse");
  AddPipelineFlags(*command, &flags->pipeline);
  CLI::Option* warehouse =
      command->add_option("-w,--warehouse", flags->warehouse, flags->sinks.WarehouseUsage(", or "))
          ->capture_default_str();
  command->add_option("-t,--table", flags->table, "Target table")->capture_default_str();
  command->add_option("--schema", flags->schema, "Target schema (warehouses with schemas)");
  command->add_option("--secret", flags->secret,
                      "AWS Secrets Manager secret (name or ARN) with the warehouse login, e.g. "
                      "snowflake/capstone/login");
  AddSinkFlags(command, flags->sinks);
  command->callback(
      [flags, warehouse, exit_code] { *exit_code = Run(*flags, warehouse->count() > 0); });
}

}  // namespace aq::cli
