#include "sinks/null/spec.h"

#include "sinks/null/sink.h"

namespace aq {
namespace {

class NullOptions final : public SinkOptions {
 public:
  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& /*request*/) override {
    return std::unique_ptr<Sink>(std::make_unique<NullSink>());
  }
};

}  // namespace

SinkSpec NullSinkSpec() {
  SinkSpec spec;
  spec.name = "null";
  spec.names = {"null", "none"};
  spec.usage = "null (discard)";
  spec.new_options = [] { return std::make_unique<NullOptions>(); };
  return spec;
}

}  // namespace aq
