// The dashboard's scripts and styles, embedded in the binary at build time
// (cmake/embed_assets.cmake): uPlot from npm (web/package-lock.json pins it, scripts/setup.sh
// installs it) and the page's own dashboard.js / dashboard.css from this folder.
// Empty when the build found no uPlot: Available() is then false.
#pragma once

#include <string_view>

namespace aq::report {

std::string_view UplotJs();
std::string_view UplotCss();
std::string_view DashboardJs();
std::string_view DashboardCss();
inline bool Available() { return !UplotJs().empty(); }

}  // namespace aq::report
