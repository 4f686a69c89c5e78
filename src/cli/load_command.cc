// `aqpipe load`: the one job after a sharded run (docs/scale-out.md). Reads every shard's
// manifest under --run-stage, refuses a stage that is incomplete, and loads all the shards'
// parts once, in one transaction, into the warehouse, with the same warehouse flags as `run`.
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/registry_setup.h"
#include "cli/sink_flags.h"
#include "common/text_format.h"
#include "pipeline/pipeline.h"
#include "sinks/sink_factory.h"
#include "stage/stage_loader.h"

namespace aq::cli {
namespace {

struct LoadFlags {
  std::string run_stage;
  std::string warehouse;
  std::string table = "measurements";
  std::string schema;
  std::string secret;
  SinkCatalog sinks;
};

Status CheckFlags(const LoadFlags& flags, bool warehouse_given) {
  if (flags.run_stage.empty()) {
    return InvalidArgument(
        "load needs --run-stage URI: the folder or s3:// prefix the shards "
        "wrote to (aqpipe run ... --run-stage URI)");
  }
  if (!warehouse_given && !flags.sinks.AnyRequestedByOptions()) {
    return InvalidArgument("load needs --warehouse: where to load the stage (" +
                           flags.sinks.WarehouseUsage(" or ") + ")");
  }
  if (flags.table.empty()) return InvalidArgument("--table needs a table name");
  return Status::Ok();
}

void PrintSummary(const StageLoadResult& result, size_t shards) {
  const RunStats& s = result.stats;
  if (GetLogFormat() == LogFormat::kJson) {
    Log("info", "load complete",
        {{"target", result.target},
         {"shards", static_cast<uint64_t>(shards)},
         {"objects", s.objects},
         {"objects_skipped", s.objects_skipped},
         {"rows_read", s.records_read},
         {"loaded", s.loaded},
         {"duplicates", s.duplicates},
         {"seconds", s.seconds}});
    return;
  }
  std::printf("loaded %s new rows into %s\n", Thousands(s.loaded).c_str(), result.target.c_str());
  std::printf("  read %s staged rows of %s shards (%s source files) in %.2f s\n",
              Thousands(s.records_read).c_str(), Thousands(shards).c_str(),
              Thousands(s.objects).c_str(), s.seconds);
  if (s.objects_skipped) {
    std::printf("  skipped %s source files already in the load ledger\n",
                Thousands(s.objects_skipped).c_str());
  }
  std::printf("  skipped %s duplicates%s\n", Thousands(s.duplicates).c_str(),
              result.key.empty() ? " (the shards ran with --no-dedup)" : "");
}

int Load(LoadFlags& flags, bool warehouse_given) {
  if (Status usage = CheckFlags(flags, warehouse_given); !usage.ok()) {
    Log("error", usage.message());
    return kExitUsage;
  }
  FileSystemRegistry registry;
  RegisterFileSystems(registry);
  // The stage first: an incomplete one is refused before the warehouse is touched.
  Result<StagedRun> run = ReadRunStage(flags.run_stage, registry);
  if (!run.ok()) {
    Log("error", run.status().message(), {{"run_stage", flags.run_stage}});
    return ExitCodeFor(run.status());
  }
  SinkRequest request;
  request.warehouse = flags.warehouse;
  request.table = flags.table;
  request.schema = flags.schema;
  request.key_columns = run->schema.key;
  request.secret = flags.secret;
  request.registry = &registry;
  request.run_id = NewRunId();
  request.sources = {flags.run_stage};  // a bulk loader's default stage bucket is the run stage's
  if (Status login = flags.sinks.ResolveLogin(request, warehouse_given); !login.ok()) {
    Log("error", login.message());
    return login.code() == StatusCode::kInvalidArgument ? kExitFailure : ExitCodeFor(login);
  }
  auto sink = flags.sinks.MakeSink(request, warehouse_given);
  if (!sink.ok()) {
    Log("error", sink.status().message());
    return kExitUsage;
  }
  const std::string target = (*sink)->Describe();
  Result<StageLoadResult> result = LoadRunStage(*run, **sink);
  if (!result.ok()) {
    Log("error", result.status().message() + "; nothing was loaded", {{"target", target}});
    return ExitCodeFor(result.status());
  }
  PrintSummary(*result, run->shards.size());
  return kExitOk;
}

}  // namespace

void AddLoadCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<LoadFlags>();
  CLI::App* command = app.add_subcommand(
      "load", "Load every shard a sharded run (run --run-stage) staged, once, into a warehouse");
  command->add_option("--run-stage", flags->run_stage,
                      "Folder or s3:// prefix the shards wrote to (their shard-I-of-N/ folders)");
  CLI::Option* warehouse =
      command->add_option("-w,--warehouse", flags->warehouse, flags->sinks.WarehouseUsage(", or "));
  command->add_option("-t,--table", flags->table, "Target table")->capture_default_str();
  command->add_option("--schema", flags->schema, "Target schema (warehouses with schemas)");
  command->add_option("--secret", flags->secret,
                      "AWS Secrets Manager secret (name or ARN) with the warehouse login");
  AddSinkFlags(command, flags->sinks);
  BindEnvironment(*command);
  command->callback(
      [flags, warehouse, exit_code] { *exit_code = Load(*flags, warehouse->count() > 0); });
}

}  // namespace aq::cli
