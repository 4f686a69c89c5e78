// SinkCatalog: the sinks of one run, looked up among the registered SinkSpecs
// (sink_registry.h). It holds one option group per registered sink, for the
// command line to bind its flags to; --warehouse picks the warehouse by the
// scheme or name its spec answers to, and a sink asked for by its own options
// (the files sink, by --output) runs beside it, or alone when --warehouse is
// not given. Nothing here names a warehouse.
//
// Thread safety: one factory per run, used by one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sinks/sink.h"
#include "sinks/sink_spec.h"

namespace aq {

class SinkCatalog {
 public:
  struct Entry {
    const SinkSpec* spec;
    std::unique_ptr<SinkOptions> options;
  };

  SinkCatalog();  // one option group, with its defaults, per registered sink

  // Every registered sink with its option group, in registration order.
  std::vector<Entry>& entries() { return entries_; }

  // The --warehouse forms, e.g. "sqlite:PATH, postgresql://..., snowflake<last>null (discard)".
  std::string WarehouseUsage(std::string_view last_separator) const;

  // Reads the login of the warehouse `request.warehouse` names, when it will be made (its
  // secret, environment variables, key files). An unknown warehouse is left to MakeSink.
  Status ResolveLogin(const SinkRequest& request, bool warehouse_given);

  // The warehouse sink, the sinks asked for by their own options, or several (a TeeSink). Errors
  // are usage errors: they name the flag to fix.
  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request, bool warehouse_given);

  // The analytics views of `request.table` in the warehouse `request.warehouse` names, after
  // ResolveLogin (sinks/views.h). Errors for an unknown warehouse are usage errors.
  Result<std::unique_ptr<WarehouseViews>> OpenViews(const SinkRequest& request);

  // True when some sink was asked for through its own options (e.g. --output).
  bool AnyRequestedByOptions() const;
  // Every folder the sinks' options name for files (OutputLocations).
  std::vector<std::string> OutputLocations() const;

 private:
  Entry* FindWarehouse(const std::string& warehouse);
  bool WarehouseWanted(bool warehouse_given) const;

  std::vector<Entry> entries_;
};

}  // namespace aq
