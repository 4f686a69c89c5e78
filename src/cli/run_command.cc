// `aqpipe run`: the main job.
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/pipeline_flags.h"
#include "cli/registry_setup.h"
#include "cli/sink_flags.h"
#include "common/text_format.h"
#include "pipeline/pipeline.h"
#include "pipeline/progress.h"
#include "pipeline/shard.h"
#include "sinks/files/stale_temporaries.h"
#include "sinks/sink_factory.h"
#include "stage/run_stage.h"

namespace aq::cli {
namespace {

struct RunFlags {
  PipelineFlags pipeline;
  std::string warehouse = kDefaultWarehouse;
  std::string table = "measurements";
  std::string schema;
  std::string secret;
  std::string shard;      // --shard I/N
  std::string run_stage;  // --run-stage URI: write this shard's part there instead of a warehouse
  SinkCatalog sinks;      // every registered sink with its own options, bound to their flags
};

// Which flags were given on the command line (not their defaults).
struct GivenFlags {
  bool warehouse = false;
  bool table = false;
  bool schema = false;
};

Status CheckTargetNames(const RunFlags& flags, const GivenFlags& given) {
  if (given.table && flags.table.empty()) return InvalidArgument("--table needs a table name");
  if (given.schema && flags.schema.empty())
    return InvalidArgument("--schema needs a schema name (leave it out for the default schema)");
  return Status::Ok();
}

// The bundled sample is for the first try: loaded without --source only when no target is named
// either, and then said so. With a target, a forgotten --source is a usage error rather than a
// table full of synthetic rows. Checked after the target's own flags, whose errors come first.
Status CheckSourceForTarget(const RunFlags& flags, const GivenFlags& given) {
  if (!flags.pipeline.sources.empty()) return Status::Ok();
  if (given.warehouse || flags.sinks.AnyRequestedByOptions()) {
    return InvalidArgument(
        "no --source given: name the files, directory, glob or s3:// prefix to load (--source "
        "sample loads the bundled synthetic sample)");
  }
  return Status::Ok();
}

// The shard of a run with --run-stage: --shard, else the array job's environment, else 0/1.
// --shard without --run-stage is a usage error: a shard's share alone in a warehouse would be
// a table missing the other shares, which `load` exists to avoid.
Result<ShardSpec> ChooseShard(const RunFlags& flags, const GivenFlags& given) {
  if (flags.run_stage.empty()) {
    if (!flags.shard.empty()) {
      return InvalidArgument(
          "--shard " + flags.shard +
          " needs --run-stage URI: each shard writes its share there, and "
          "`aqpipe load --run-stage URI --warehouse ...` loads all of them once");
    }
    return ShardSpec{};
  }
  if (given.warehouse || flags.sinks.AnyRequestedByOptions()) {
    return InvalidArgument(
        "--run-stage writes this shard's rows to the stage, not to a warehouse or --output: drop "
        "--warehouse/--output here and load the stage afterwards with `aqpipe load --run-stage " +
        flags.run_stage + " --warehouse ...`");
  }
  if (flags.pipeline.sources.empty()) {
    return InvalidArgument("--run-stage needs --source: name what the shards split between them");
  }
  for (const std::string& source : flags.pipeline.sources) {
    // Standard input is one stream per process, not files every shard lists the same way.
    if (source == "-") {
      return InvalidArgument(
          "--run-stage cannot read --source - (standard input): name files "
          "or an s3:// prefix that every shard lists alike");
    }
  }
  if (!flags.shard.empty()) return ParseShard(flags.shard);
  AQ_ASSIGN_OR_RETURN(
      std::optional<ShardSpec> from_env,
      ShardFromEnvironment([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      }));
  return from_env.value_or(ShardSpec{});
}

// Removes what killed runs left in the directories this run writes to, and says so.
void RemoveStaleTemporaryFiles(const RunFlags& flags, const std::string& shard_folder) {
  std::vector<std::string> dirs = flags.sinks.OutputLocations();
  if (!shard_folder.empty()) dirs.push_back(shard_folder);
  dirs.push_back(flags.pipeline.rejects);
  for (const std::string& dir : dirs) {
    auto removed = RemoveStaleTemporaries(dir);
    if (!removed.ok()) {
      Log("warning", removed.status().message());
    } else if (!removed->empty()) {
      Log("info",
          "removed " + std::to_string(removed->size()) + " temporary file(s) of killed runs from " +
              dir + " (e.g. " + removed->front() + ")",
          {{"removed", static_cast<uint64_t>(removed->size())}});
    }
  }
}

void PrintSummary(const RunResult& result, bool deduplicated, const ShardSpec& shard) {
  const RunStats& s = result.stats;
  if (GetLogFormat() == LogFormat::kJson) {
    Log("info", "run complete",
        {{"target", result.target},
         {"shard", std::to_string(shard.index) + "/" + std::to_string(shard.count)},
         {"objects", s.objects},
         {"objects_other_shards", s.objects_other_shards},
         {"objects_skipped", s.objects_skipped},
         {"bytes", s.bytes},
         {"records_read", s.records_read},
         {"loaded", s.loaded},
         {"duplicates", s.duplicates},
         {"quarantined", s.quarantined},
         {"rejects", s.rejects_path},
         {"deduplicated", deduplicated ? "yes" : "no (--no-dedup)"},
         {"seconds", s.seconds}});
    return;
  }
  std::printf("loaded %s new rows into %s\n", Thousands(s.loaded).c_str(), result.target.c_str());
  std::printf("  read %s records from %s files (%s) in %.2f s\n", Thousands(s.records_read).c_str(),
              Thousands(s.objects).c_str(), Megabytes(s.bytes).c_str(), s.seconds);
  if (shard.count > 1) {
    std::printf("  shard %u/%u: %s files are other shards' share\n", shard.index, shard.count,
                Thousands(s.objects_other_shards).c_str());
  }
  if (s.objects_skipped) {
    std::printf("  skipped %s files already in the load ledger\n",
                Thousands(s.objects_skipped).c_str());
  }
  std::printf("  skipped %s duplicates, quarantined %s records%s%s\n",
              Thousands(s.duplicates).c_str(), Thousands(s.quarantined).c_str(),
              s.rejects_path.empty() ? "" : " -> ", s.rejects_path.c_str());
  if (!deduplicated) {
    std::printf("  not deduplicated (--no-dedup): a rerun loads every record again\n");
  }
}

int Run(RunFlags& flags, const GivenFlags& given) {
  auto options = ToRunOptions(flags.pipeline);
  Status usage = options.ok() ? CheckTargetNames(flags, given) : options.status();
  Result<ShardSpec> shard = ChooseShard(flags, given);
  if (usage.ok() && !shard.ok()) usage = shard.status();
  if (!usage.ok()) {
    Log("error", usage.message());
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
  options->shard_index = shard->index;
  options->shard_count = shard->count;
  const bool staged = !flags.run_stage.empty();
  const std::string shard_folder = staged ? ShardPrefix(flags.run_stage, *shard) : "";
  auto new_sink = [&]() -> Result<std::unique_ptr<Sink>> {
    if (staged) return MakeShardSink(flags.run_stage, *shard, &registry, request.run_id);
    return flags.sinks.MakeSink(request, given.warehouse);
  };
  // Not reaching the login (a secret, a key file) is a failure; what MakeSink rejects is usage.
  // Not reaching Secrets Manager is transient (75); a missing secret or key file is not (1).
  Status login = staged ? Status::Ok() : flags.sinks.ResolveLogin(request, given.warehouse);
  if (!login.ok()) {
    Log("error", login.message());
    return login.code() == StatusCode::kInvalidArgument ? kExitFailure : ExitCodeFor(login);
  }
  auto sink = new_sink();
  if (!sink.ok() || !(usage = CheckSourceForTarget(flags, given)).ok()) {
    Log("error", sink.ok() ? usage.message() : sink.status().message());
    return kExitUsage;
  }
  std::string target = (*sink)->Describe();
  if (flags.pipeline.sources.empty()) {
    Log("info", "no --source given: loading the bundled synthetic sample (" +
                    options->sources.front() + ") into " + target +
                    "; pass --source to load your own data");
  }
  RemoveStaleTemporaryFiles(flags, shard_folder);
  RunCallbacks callbacks;
  callbacks.note = [](const std::string& note) { Log("warning", note); };
  callbacks.progress = [](const Progress& p) { ShowProgress("aqpipe: " + FormatProgress(p)); };
  // The sink checked above serves the first pass; a second pass (see RunPipeline) gets a new one.
  std::unique_ptr<Sink> first = std::move(sink).value();
  auto make_sink = [&]() -> Result<std::unique_ptr<Sink>> {
    if (first) return std::move(first);
    return new_sink();
  };
  auto result = RunPipeline(*options, registry, make_sink, callbacks);
  ClearProgress();
  if (!result.ok()) {
    Log("error", result.status().message(), {{"target", target}});
    return ExitCodeFor(result.status());
  }
  PrintSummary(*result, !options->key_columns.empty(), *shard);
  return kExitOk;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command =
      app.add_subcommand("run", "Read, flatten and load raw OpenAQ JSON into a warehouse");
  AddPipelineFlags(*command, &flags->pipeline);
  CLI::Option* warehouse =
      command
          ->add_option("-w,--warehouse", flags->warehouse,
                       flags->sinks.WarehouseUsage(", or ") +
                           "; without --warehouse, --output and --source: the bundled sample "
                           "into sqlite:aqpipe.db")
          ->capture_default_str();
  CLI::Option* table =
      command->add_option("-t,--table", flags->table, "Target table")->capture_default_str();
  CLI::Option* schema =
      command->add_option("--schema", flags->schema, "Target schema (warehouses with schemas)");
  command->add_option("--secret", flags->secret,
                      "AWS Secrets Manager secret (name or ARN) with the warehouse login, e.g. "
                      "snowflake/capstone/login");
  command->add_option("--run-stage", flags->run_stage,
                      "Scale-out: write this shard's share to URI/shard-I-of-N/ (a folder or "
                      "s3:// prefix) instead of a warehouse; `aqpipe load --run-stage URI` then "
                      "loads every shard once (docs/scale-out.md)");
  command->add_option("--shard", flags->shard,
                      "With --run-stage: read share I of N (0-based) of the source files; default "
                      "from AWS_BATCH_JOB_ARRAY_INDEX/_SIZE, or JOB_COMPLETION_INDEX with "
                      "AQPIPE_SHARD_COUNT, else 0/1");
  AddSinkFlags(command, flags->sinks);
  BindEnvironment(*command);
  command->callback([flags, warehouse, table, schema, exit_code] {
    *exit_code = Run(*flags, {warehouse->count() > 0, table->count() > 0, schema->count() > 0});
  });
}

}  // namespace aq::cli
