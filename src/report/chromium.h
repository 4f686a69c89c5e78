// PNG renderings of the dashboard's charts by headless Chromium (Debian's `chromium`), when it is
// installed: the same page and the same drawing, opened at "#only=monthly" or "#only=daily".
// Each rendering starts Chromium with a fresh profile directory (removed afterwards) and the
// flags that keep it from calling out (no background networking, component updates, sync or
// QUIC); the page's Content-Security-Policy forbids every request anyway.
//
// Thread safety: functions; each call runs its own Chromium process.
#pragma once

#include <string>

#include "common/status.h"

namespace aq::report {

// `configured` when given (NotFound if it is not executable), else the first of chromium,
// chromium-browser, google-chrome on PATH; NotFound when there is none.
Result<std::string> FindChromium(const std::string& configured);

struct Screenshot {
  std::string html_path;  // the dashboard, an absolute local path
  std::string fragment;   // e.g. "only=monthly"
  std::string png_path;
  int width = 1280;
  int height = 900;
};

// Renders one screenshot; fails (with Chromium's last words) when Chromium exits with an error,
// takes longer than a minute, or writes no PNG.
Status RenderScreenshot(const std::string& chromium, const Screenshot& shot);

}  // namespace aq::report
