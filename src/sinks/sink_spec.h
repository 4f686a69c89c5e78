// SinkSpec: everything aqpipe knows about one kind of sink, registered in one
// place (sinks/sink_registry.cc) by the folder that implements it: the
// --warehouse values it answers to, its option group (flags, environment
// variables, secret fields), what it can do (capabilities), its type mapper and
// the factory that makes it. The command line turns each spec's OptionSpecs
// into flags, so this layer needs no command-line library.
//
// Thread safety: specs are immutable after registration; a SinkOptions object
// belongs to one run.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/registry.h"
#include "sinks/sink.h"
#include "sinks/type_mapper.h"
#include "sinks/views.h"

namespace aq {

// One command-line flag of a sink, as plain data: the command line adds it and stores what the
// user gives in *target (which keeps its default otherwise).
struct OptionSpec {
  std::string names;  // CLI-style names, e.g. "-o,--output" or "--load-method"
  std::string help;
  std::string* target = nullptr;
  std::vector<std::string> choices;  // the only values accepted; empty: any
  bool show_default = false;         // help shows *target's default value
  bool loading_only = false;         // only for loading (run); not for reading a table (analyze)
};

// An environment variable a sink reads, for help and docs.
struct EnvironmentVariable {
  std::string name;
  std::string meaning;
};

// The warehouse of a run that names none: the embedded SQLite file in the working directory.
inline constexpr char kDefaultWarehouse[] = "sqlite:aqpipe.db";

// The settings every sink of a run shares; each sink's own settings live in its SinkOptions.
struct SinkRequest {
  std::string warehouse = kDefaultWarehouse;  // the --warehouse value
  std::string table = "measurements";
  std::string schema;  // warehouse schema/namespace, where the warehouse has one
  std::vector<std::string> key_columns;
  std::string secret;  // --secret: the AWS Secrets Manager secret with the login; empty: none
  FileSystemRegistry* registry = nullptr;
  std::string run_id;
  std::vector<std::string> sources;  // the run's --source specs
};

// One sink's option group for one run: its flags bound to its own fields, and the factory that
// turns them (with the shared request) into a sink.
class SinkOptions {
 public:
  virtual ~SinkOptions() = default;
  // The flags, bound to this object's fields (which must outlive the command line's parse).
  virtual std::vector<OptionSpec> Flags() { return {}; }
  // For the chosen sink, before MakeSink: reads what the options name outside the command line
  // (the secret, environment variables, key files). Failures are failures to reach the login,
  // not usage errors.
  virtual Status ResolveLogin(const SinkRequest& /*request*/) { return Status::Ok(); }
  // Validates the options (errors name the flag to fix) and makes the sink.
  virtual Result<std::unique_ptr<Sink>> MakeSink(const SinkRequest& request) = 0;
  // The analytics views of request.table in this warehouse (`aqpipe analyze`, `aqpipe report`),
  // after ResolveLogin; it does not connect yet. Sinks that are no warehouse have none.
  virtual Result<std::unique_ptr<WarehouseViews>> OpenViews(const SinkRequest& /*request*/) {
    return InvalidArgument(
        "this --warehouse has no analytics views: use sqlite:PATH, "
        "postgresql://... or snowflake");
  }
  // True when the user asked for this sink through its own options rather than --warehouse (the
  // files sink: --output); such sinks run beside the warehouse.
  virtual bool RequestedByOptions() const { return false; }
  // Folders this sink writes files into (its temporaries included), so that the run can clear
  // what killed runs left there. Empty for sinks that write no files.
  virtual std::vector<std::string> OutputLocations() const { return {}; }
};

enum class MergeStyle {
  kNone,              // keeps every row (files, null)
  kInsertOnConflict,  // INSERT ... ON CONFLICT (natural key) DO NOTHING against a unique index
  kInsertNotMatched,  // INSERT ... SELECT where the key is not in the target (MERGE-style)
};

// What a sink can do, for the code and docs that must tell warehouses apart by ability rather
// than by name.
struct Capabilities {
  bool transactions = false;  // a run is all-or-nothing in the target itself
  MergeStyle merge = MergeStyle::kNone;
  bool load_ledger = false;             // records loaded source objects; reruns skip them
  int timestamp_digits = 0;             // fractional-second digits a timestamp keeps
  size_t max_identifier_bytes = 0;      // longest name kept; 0: no limit
  bool folds_to_upper = false;          // unquoted names are stored upper case
  std::vector<std::string> bulk_paths;  // ways rows travel in bulk, e.g. "COPY FROM STDIN"
};

struct SinkSpec {
  std::string name;                      // "snowflake"
  std::vector<std::string> url_schemes;  // --warehouse values starting with these: "sqlite:"
  std::vector<std::string> names;        // whole --warehouse values: "snowflake"
  std::string usage;                     // the --warehouse form in help: "sqlite:PATH"
  std::string option_group;              // help heading of its flags; empty: with run's own
  std::vector<EnvironmentVariable> environment;
  std::vector<std::string> secret_fields;  // keys read from --secret's JSON object
  Capabilities capabilities;
  const TypeMapper* types = nullptr;  // null: the sink declares no column types (files, null)
  std::function<std::unique_ptr<SinkOptions>()> new_options;

  bool AnswersTo(const std::string& warehouse) const;
};

}  // namespace aq
