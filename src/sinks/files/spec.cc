#include "sinks/files/spec.h"

#include "sinks/files/sink.h"

namespace aq {
namespace {

class FilesOptions final : public SinkOptions {
 public:
  std::vector<OptionSpec> Flags() override {
    return {
        {"-o,--output",
         "Also (or, without --warehouse, only) write CSV part files and a manifest here",
         &output_,
         {},
         false,
         true},
        {"--compression",
         "Codec of --output part files",
         &compression_,
         {"gzip", "zstd"},
         true,
         true},
    };
  }
  bool RequestedByOptions() const override { return !output_.empty(); }
  std::vector<std::string> OutputLocations() const override {
    if (output_.empty()) return {};
    return {output_};
  }
  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request) override {
    AQ_ASSIGN_OR_RETURN(FileCodec codec, ParseFileCodec(compression_));
    FilesSinkOptions options;
    options.location = output_;
    options.registry = request.registry;
    options.codec = codec;
    options.run_id = request.run_id;
    return std::unique_ptr<Sink>(std::make_unique<FilesSink>(std::move(options)));
  }

 private:
  std::string output_;  // empty: no files
  std::string compression_ = "gzip";
};

}  // namespace

SinkSpec FilesSinkSpec() {
  SinkSpec spec;
  spec.name = "files";
  spec.capabilities.transactions = true;  // manifest.json, written last, commits the run
  spec.capabilities.timestamp_digits = 9;
  spec.capabilities.bulk_paths = {"gzip or zstd CSV part files and a manifest"};
  spec.new_options = [] { return std::make_unique<FilesOptions>(); };
  return spec;
}

}  // namespace aq
