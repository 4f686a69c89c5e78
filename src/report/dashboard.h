// The offline dashboard of `aqpipe report`: one self-contained HTML page with the views' rows
// (sinks/views.h) as JSON, uPlot and the page's own script and styles inlined (report/assets.h),
// and a Content-Security-Policy that forbids every request, so it opens from a file or a mail
// attachment without a network and never calls out.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sinks/views.h"

namespace aq::report {

struct DashboardInput {
  std::string table;      // the table the views stand beside
  std::string source;     // the warehouse, as Describe() puts it (no secrets)
  std::string generated;  // when, UTC "YYYY-MM-DD HH:MM:SS"
  std::vector<MonthlyMaxRow> monthly;
  std::vector<DailyRow> daily;
};

// FailedPrecondition when the build embedded no charting library.
Result<std::string> RenderDashboard(const DashboardInput& input);

// The number of distinct parameter-and-unit metrics in the rows: one chart each.
size_t MetricCount(const DashboardInput& input);

}  // namespace aq::report
