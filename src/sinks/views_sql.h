// The SELECTs behind the two analytics views (sinks/views.h), written once over the few
// expressions in which SQL dialects differ; each backend's views.cc fills in ViewDialect and
// wraps the SELECTs in its own CREATE statements.
//
// Both views rank a group's rows with ROW_NUMBER() to find where and when its maximum was
// measured (the earliest on a tie, then the first location by name), and the daily view frames
// its window by day number, RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING, partitioned by parameter
// and unit: days without data are absent rows, so they shorten the window rather than stretch it.
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace aq {

struct ViewDialect {
  std::string table;                                   // the quoted, qualified table
  std::function<std::string(std::string)> column;      // a table column, quoted
  std::function<std::string(std::string)> local;       // instant expression -> local wall time
  std::function<std::string(std::string)> year;        // local time -> integer year
  std::function<std::string(std::string)> month;       // local time -> integer month 1-12
  std::function<std::string(std::string)> day;         // local time -> calendar day
  std::function<std::string(std::string)> day_number;  // calendar day -> integer days since 1970
  std::string yes = "TRUE";                            // boolean literals
  std::string no = "FALSE";
};

// Columns: year, month, parameter, unit, max_value, location, measured_at, measurements.
std::string MonthlyMaxSelect(const ViewDialect& dialect);
// Columns: day, parameter, unit, day_max, location, measured_at, measurements, prior_7day_max,
// prior_days, ratio, exceeds.
std::string DailyVsWeekSelect(const ViewDialect& dialect);
// DROP VIEW IF EXISTS + CREATE VIEW of both views under the given quoted names, for dialects
// where a replaced view may not change its column types (SQLite, PostgreSQL).
std::vector<std::string> DropAndCreateViews(const std::string& monthly, const std::string& daily,
                                            const ViewDialect& dialect);

}  // namespace aq
