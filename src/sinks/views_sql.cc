#include "sinks/views_sql.h"

namespace aq {
namespace {

// The measurements the views count: those with a parameter, a value and a time.
std::string Measurements(const ViewDialect& d) {
  std::string local = d.local(d.column("date_utc"));
  return "SELECT " + d.column("parameter") + " AS parameter, " + d.column("unit") + " AS unit, " +
         d.column("value") + " AS value, " + d.column("location") + " AS location, " +
         d.column("date_utc") + " AS measured_at, " + d.year(local) + " AS year, " +
         d.month(local) + " AS month, " + d.day(local) + " AS day\n    FROM " + d.table +
         "\n    WHERE " + d.column("parameter") + " IS NOT NULL AND " + d.column("value") +
         " IS NOT NULL AND " + d.column("date_utc") + " IS NOT NULL";
}

// Each group's rows ranked, its maximum first; `group` lists the grouping columns.
std::string Ranked(const std::string& group) {
  return "SELECT m.*,\n"
         "      ROW_NUMBER() OVER (PARTITION BY " +
         group +
         " ORDER BY value DESC, measured_at, location) AS pick,\n"
         "      COUNT(*) OVER (PARTITION BY " +
         group + ") AS measurements\n    FROM measured m";
}

}  // namespace

std::string MonthlyMaxSelect(const ViewDialect& d) {
  return "WITH measured AS (\n    " + Measurements(d) + "\n), ranked AS (\n    " +
         Ranked("year, month, parameter, unit") +
         "\n)\n"
         "SELECT year, month, parameter, unit, value AS max_value, location, measured_at, "
         "measurements\n"
         "FROM ranked\nWHERE pick = 1";
}

std::string DailyVsWeekSelect(const ViewDialect& d) {
  // The 7 calendar days before each day: a frame over day numbers, so a missing day is simply
  // not in it (ROWS would reach back past the gap).
  std::string window =
      "(PARTITION BY parameter, unit ORDER BY day_number "
      "RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING)";
  return "WITH measured AS (\n    " + Measurements(d) + "\n), ranked AS (\n    " +
         Ranked("day, parameter, unit") +
         "\n), daily AS (\n"
         "    SELECT day, " +
         d.day_number("day") +
         " AS day_number, parameter, unit, value AS day_max, location, measured_at, "
         "measurements\n"
         "    FROM ranked WHERE pick = 1\n"
         "), framed AS (\n"
         "    SELECT daily.*,\n"
         "      MAX(day_max) OVER " +
         window + " AS prior_7day_max,\n      COUNT(*) OVER " + window +
         " AS prior_days\n    FROM daily\n)\n"
         "SELECT day, parameter, unit, day_max, location, measured_at, measurements, "
         "prior_7day_max, prior_days,\n"
         "  CASE WHEN prior_7day_max <> 0 THEN (day_max * 1.0) / prior_7day_max END AS ratio,\n"
         "  CASE WHEN day_max > prior_7day_max THEN " +
         d.yes + " ELSE " + d.no +
         " END AS exceeds\n"
         "FROM framed";
}

std::vector<std::string> DropAndCreateViews(const std::string& monthly, const std::string& daily,
                                            const ViewDialect& dialect) {
  return {"DROP VIEW IF EXISTS " + monthly,
          "CREATE VIEW " + monthly + " AS\n" + MonthlyMaxSelect(dialect),
          "DROP VIEW IF EXISTS " + daily,
          "CREATE VIEW " + daily + " AS\n" + DailyVsWeekSelect(dialect)};
}

}  // namespace aq
