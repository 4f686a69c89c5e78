#include "sinks/sink_factory.h"

#include "sinks/sink_registry.h"
#include "sinks/tee_sink.h"

namespace aq {

bool SinkSpec::AnswersTo(const std::string& warehouse) const {
  for (const std::string& scheme : url_schemes) {
    if (warehouse.starts_with(scheme)) return true;
  }
  for (const std::string& whole : names) {
    if (warehouse == whole) return true;
  }
  return false;
}

SinkCatalog::SinkCatalog() {
  for (const SinkSpec& spec : RegisteredSinks()) entries_.push_back({&spec, spec.new_options()});
}

std::string SinkCatalog::WarehouseUsage(std::string_view last_separator) const {
  std::vector<const std::string*> forms;
  for (const Entry& entry : entries_) {
    if (!entry.spec->usage.empty()) forms.push_back(&entry.spec->usage);
  }
  std::string text;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (i > 0) text += i + 1 == forms.size() ? std::string(last_separator) : ", ";
    text += *forms[i];
  }
  return text;
}

Result<std::unique_ptr<WarehouseViews>> SinkCatalog::OpenViews(const SinkRequest& request) {
  Entry* warehouse = FindWarehouse(request.warehouse);
  if (warehouse == nullptr) {
    return InvalidArgument("unknown --warehouse '" + request.warehouse + "': use " +
                           WarehouseUsage(" or "));
  }
  return warehouse->options->OpenViews(request);
}

SinkCatalog::Entry* SinkCatalog::FindWarehouse(const std::string& warehouse) {
  for (Entry& entry : entries_) {
    if (entry.spec->AnswersTo(warehouse)) return &entry;
  }
  return nullptr;
}

bool SinkCatalog::WarehouseWanted(bool warehouse_given) const {
  if (warehouse_given) return true;
  for (const Entry& entry : entries_) {
    if (entry.options->RequestedByOptions()) return false;
  }
  return true;
}

Status SinkCatalog::ResolveLogin(const SinkRequest& request, bool warehouse_given) {
  if (!WarehouseWanted(warehouse_given)) return Status::Ok();
  Entry* warehouse = FindWarehouse(request.warehouse);
  return warehouse ? warehouse->options->ResolveLogin(request) : Status::Ok();
}

Result<std::unique_ptr<Sink>> SinkCatalog::MakeSink(const SinkRequest& request,
                                                    bool warehouse_given) {
  std::vector<std::unique_ptr<Sink>> sinks;
  if (WarehouseWanted(warehouse_given)) {
    Entry* warehouse = FindWarehouse(request.warehouse);
    if (warehouse == nullptr) {
      return InvalidArgument("unknown --warehouse '" + request.warehouse + "': use " +
                             WarehouseUsage(" or "));
    }
    AQ_ASSIGN_OR_RETURN(auto sink, warehouse->options->MakeSink(request));
    sinks.push_back(std::move(sink));
  }
  for (Entry& entry : entries_) {
    if (!entry.options->RequestedByOptions()) continue;
    AQ_ASSIGN_OR_RETURN(auto sink, entry.options->MakeSink(request));
    sinks.push_back(std::move(sink));
  }
  if (sinks.size() == 1) return std::move(sinks.front());
  return std::unique_ptr<Sink>(std::make_unique<TeeSink>(std::move(sinks)));
}

bool SinkCatalog::AnyRequestedByOptions() const {
  for (const Entry& entry : entries_) {
    if (entry.options->RequestedByOptions()) return true;
  }
  return false;
}

std::vector<std::string> SinkCatalog::OutputLocations() const {
  std::vector<std::string> locations;
  for (const Entry& entry : entries_) {
    for (std::string& location : entry.options->OutputLocations()) {
      locations.push_back(std::move(location));
    }
  }
  return locations;
}

}  // namespace aq
