// `aqpipe generate`: synthetic OpenAQ-shaped raw data for tests and benchmarks.
#include <cstdio>

#include "cli/commands.h"
#include "cli/log.h"
#include "cli/registry_setup.h"
#include "generate/generator.h"

namespace aq::cli {
namespace {

struct GenerateFlags {
  GenerateOptions options;
  std::string out;
  std::string format = "jsonl";
  std::string compression = "none";
};

int Generate(GenerateFlags& flags) {
  const std::map<std::string, GenerateFormat> formats = {{"jsonl", GenerateFormat::kJsonLines},
                                                         {"array", GenerateFormat::kJsonArray},
                                                         {"envelope", GenerateFormat::kEnvelope}};
  const std::map<std::string, GenerateCompression> codecs = {{"none", GenerateCompression::kNone},
                                                             {"gzip", GenerateCompression::kGzip},
                                                             {"zstd", GenerateCompression::kZstd}};
  flags.options.format = formats.at(flags.format);
  flags.options.compression = codecs.at(flags.compression);
  // The same file systems as --source and --output: a directory or s3://bucket/prefix/.
  FileSystemRegistry registry;
  RegisterFileSystems(registry);
  Result<FileSystem*> fs = registry.For(flags.out);
  if (!fs.ok()) {
    Log("error", fs.status().message());
    return kExitFailure;
  }
  auto result = GenerateOpenAq(flags.options, **fs, flags.out);
  if (!result.ok()) {
    Log("error", result.status().message());
    return ExitCodeFor(result.status());
  }
  std::printf("generated %llu synthetic records (%.1f MB of JSON) in %zu files under %s\n",
              static_cast<unsigned long long>(result->rows),
              static_cast<double>(result->json_bytes) / 1e6, result->files.size(),
              flags.out.c_str());
  return kExitOk;
}

}  // namespace

void AddGenerateCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* command = app.add_subcommand(
      "generate", "Write synthetic OpenAQ-shaped raw JSON (deterministic per seed)");
  command->add_option("--rows", flags->options.rows, "Records to write")->capture_default_str();
  command->add_option("--out", flags->out, "Output directory or s3://bucket/prefix/")->required();
  command->add_option("--seed", flags->options.seed, "Random seed")->capture_default_str();
  command->add_option("--files", flags->options.files, "Number of files")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--format", flags->format, "jsonl, array or envelope")
      ->check(CLI::IsMember({"jsonl", "array", "envelope"}))
      ->capture_default_str();
  command->add_option("--compression", flags->compression, "none, gzip or zstd")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}))
      ->capture_default_str();
  command->add_option("--start", flags->options.start_utc, "First hour (UTC)")
      ->capture_default_str();
  command
      ->add_option("--duplicates", flags->options.duplicate_fraction,
                   "Share of records repeated (0 to 0.9)")
      ->capture_default_str();
  command->callback([flags, exit_code] { *exit_code = Generate(*flags); });
}

}  // namespace aq::cli
