#include "sinks/sqlite/spec.h"

#include "sinks/sqlite/sink.h"
#include "sinks/sqlite/type_mapping.h"
#include "sinks/sqlite/views.h"

namespace aq {
namespace {

class SqliteOptions final : public SinkOptions {
 public:
  Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request) override {
    AQ_ASSIGN_OR_RETURN(std::string path, Path(request));
    return std::unique_ptr<Sink>(
        std::make_unique<SqliteSink>(SqliteSinkOptions{path, request.table, request.key_columns}));
  }

  Result<std::unique_ptr<WarehouseViews>> OpenViews(const SinkRequest& request) override {
    AQ_ASSIGN_OR_RETURN(std::string path, Path(request));
    return NewSqliteViews(path);
  }

 private:
  static Result<std::string> Path(const SinkRequest& request) {
    std::string path = request.warehouse.substr(std::string_view("sqlite:").size());
    if (path.starts_with("//")) path = path.substr(2);  // sqlite://path is accepted too
    if (path.empty())
      return InvalidArgument("--warehouse sqlite: needs a file path, e.g. sqlite:aqpipe.db");
    return path;
  }
};

}  // namespace

SinkSpec SqliteSinkSpec() {
  SinkSpec spec;
  spec.name = "sqlite";
  spec.url_schemes = {"sqlite:"};
  spec.usage = "sqlite:PATH";
  spec.capabilities.transactions = true;
  spec.capabilities.merge = MergeStyle::kInsertOnConflict;
  spec.capabilities.timestamp_digits = 9;  // TEXT keeps every digit CellText writes
  spec.types = &sqlite::Types();
  spec.new_options = [] { return std::make_unique<SqliteOptions>(); };
  return spec;
}

}  // namespace aq
