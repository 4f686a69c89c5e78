// WarehouseViews: the two analytics views `aqpipe analyze` creates beside a loaded table, and the
// rows `aqpipe report` reads back from them (docs/analytics.md defines every column).
//
//   <table>_monthly_max         one row per calendar month (year AND month), parameter and unit:
//                               the largest value, where and when it was measured
//   <table>_daily_vs_7day_max   one row per day, parameter and unit: the day's largest value
//                               against the largest of the 7 calendar days before it (a frame
//                               over day numbers, not rows, so a gap never stretches the window)
//
// Each warehouse folder (sinks/<backend>/views.cc) writes the views in its own SQL; every one
// gives the same rows. Values of one parameter in different units are never compared.
//
// Thread safety: one object per command, used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace aq {

// Which clock turns an instant into a calendar day.
struct DayClock {
  enum class Kind { kUtc, kFixedOffset, kZoneName };
  Kind kind = Kind::kUtc;
  int offset_minutes = 0;  // kFixedOffset: east of UTC
  std::string zone;        // kZoneName: an IANA name such as Europe/Brussels
};

// "UTC" (default), a fixed offset "+02:00" / "-0530", or an IANA zone name "Europe/Brussels".
Result<DayClock> ParseDayClock(const std::string& text);

struct ViewOptions {
  std::string table = "measurements";
  DayClock clock;
};

// The names of the views beside `table`.
std::string MonthlyMaxView(const std::string& table);
std::string DailyVsWeekView(const std::string& table);
// The table's columns the views read.
const std::vector<std::string>& RequiredViewColumns();

struct MonthlyMaxRow {
  int year = 0;
  int month = 0;
  std::string parameter;
  std::string unit;
  double max_value = 0;
  std::string location;     // where the maximum was measured (first in time on a tie)
  std::string measured_at;  // when, UTC "YYYY-MM-DD HH:MM:SS"
  int64_t measurements = 0;
};

struct DailyRow {
  std::string day;  // "YYYY-MM-DD" on the view's clock
  std::string parameter;
  std::string unit;
  double day_max = 0;
  std::string location;     // where the day's maximum was measured
  std::string measured_at;  // when, UTC
  int64_t measurements = 0;
  std::optional<double> prior_7day_max;  // none: no data in the 7 days before
  int64_t prior_days = 0;                // days with data among those 7
  std::optional<double> ratio;           // day_max / prior_7day_max
  bool exceeds = false;                  // day_max > prior_7day_max
};

class WarehouseViews {
 public:
  virtual ~WarehouseViews() = default;
  virtual std::string Describe() const = 0;
  // The statements Create runs, in order (for the Snowsight worksheets and --print-sql).
  virtual std::vector<std::string> Statements(const ViewOptions& options) const = 0;
  // Checks the table (exists, has the columns, has rows), then creates or replaces both views.
  virtual Status Create(const ViewOptions& options) = 0;
  // The views' rows, ordered by parameter, unit and time. NotFound when `analyze` has not run.
  virtual Result<std::vector<MonthlyMaxRow>> MonthlyMax(const std::string& table) = 0;
  virtual Result<std::vector<DailyRow>> Daily(const std::string& table) = 0;
};

// Shared by the backends: the checks' messages and reading the views' text rows (each backend
// selects the columns in the order of the structs above, NULL as the empty string).
Status MissingTableError(const std::string& where, const std::string& table);
Status MissingColumnsError(const std::string& where, const std::string& table,
                           const std::vector<std::string>& missing);
Status EmptyTableError(const std::string& where, const std::string& table);
// The required columns not in `present` (compared case-insensitively).
std::vector<std::string> MissingColumns(const std::vector<std::string>& present);
// The check every backend runs before creating the views: `present` holds the table's column
// names (none: no such table); `has_measurement` runs AnyMeasurementSql(the table) and says
// whether it returned a row.
Status CheckViewTable(const std::string& where, const std::string& table,
                      const std::vector<std::string>& present,
                      const std::function<Result<bool>()>& has_measurement);
std::string AnyMeasurementSql(const std::string& quoted_table);
// What each backend selects from the views, in the order of the structs above; the arguments
// render the view's day as 'YYYY-MM-DD' and measured_at as 'YYYY-MM-DD HH:MM:SS' in its dialect.
std::string MonthlyReadColumns(const std::string& measured_at_text);
std::string DailyReadColumns(const std::string& day_text, const std::string& measured_at_text);
inline constexpr const char* kMonthlyReadOrder = "parameter, unit, year, month";
inline constexpr const char* kDailyReadOrder = "parameter, unit, day";
Result<std::vector<MonthlyMaxRow>> ParseMonthlyRows(
    const std::vector<std::vector<std::string>>& rows);
Result<std::vector<DailyRow>> ParseDailyRows(const std::vector<std::vector<std::string>>& rows);

}  // namespace aq
