#include "cli/sink_flags.h"

namespace aq::cli {

void AddSinkFlags(CLI::App* command, SinkCatalog& factory, bool loading) {
  for (SinkCatalog::Entry& entry : factory.entries()) {
    for (const OptionSpec& flag : entry.options->Flags()) {
      if (flag.loading_only && !loading) continue;
      CLI::Option* option = command->add_option(flag.names, *flag.target, flag.help);
      if (!flag.choices.empty()) option->check(CLI::IsMember(flag.choices));
      if (flag.show_default) option->capture_default_str();
      if (!entry.spec->option_group.empty()) option->group(entry.spec->option_group);
    }
  }
}

}  // namespace aq::cli
