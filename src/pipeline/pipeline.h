// RunPipeline: the whole job. Resolve sources, plan work units, read and
// flatten them on `threads` reader threads, and on the calling thread merge
// the schema and load batches into the sink in source order; quarantine bad
// records; commit, or abort so the target is unchanged.
//
//   sources -> planner -> UnitReader x N -> OrderedQueue -> SchemaBuilder -> Sink
//                                                        \-> Quarantine
//
// Thread safety: call from one thread; it starts and joins its own readers.
#pragma once

#include <functional>
#include <memory>

#include "pipeline/run_options.h"
#include "sinks/sink.h"
#include "sources/source.h"

namespace aq {

// Makes the run's sink: once, or twice when the input is read a second time (a column typed by
// earlier records as a timestamp or a number became text: the first pass's rows are discarded
// unloaded, and the second pass loads every value with its final type).
using SinkFactory = std::function<Result<std::unique_ptr<Sink>>()>;

Result<RunResult> RunPipeline(const RunOptions& options, FileSystemRegistry& registry,
                              const SinkFactory& make_sink, const RunCallbacks& callbacks);

// A new run id: UTC time plus a random suffix, e.g. 20261125T071500Z-3f2a.
std::string NewRunId();

}  // namespace aq
