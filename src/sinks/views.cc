#include "sinks/views.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>

namespace aq {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

Status BadRow(const std::string& what, const std::string& text) {
  return Internal("reading the analytics views: " + what + " '" + text +
                  "' is not a number; rerun `aqpipe analyze` to recreate the views");
}

Result<double> Number(const std::string& text, const std::string& what) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return BadRow(what, text);
  return value;
}

Result<int64_t> Integer(const std::string& text, const std::string& what) {
  // Some warehouses print whole numbers of a computed column as "3.0" or "3.000".
  AQ_ASSIGN_OR_RETURN(double value, Number(text, what));
  return static_cast<int64_t>(value);
}

Result<std::optional<double>> OptionalNumber(const std::string& text, const std::string& what) {
  if (text.empty()) return std::optional<double>();
  AQ_ASSIGN_OR_RETURN(double value, Number(text, what));
  return std::optional<double>(value);
}

bool Truth(const std::string& text) {
  std::string lower = Lower(text);
  return lower == "1" || lower == "true" || lower == "t";
}

}  // namespace

Result<DayClock> ParseDayClock(const std::string& text) {
  DayClock clock;
  if (text.empty() || Lower(text) == "utc" || text == "Z" || text == "+00:00") return clock;
  static const std::regex offset(R"(^([+-])(\d{2}):?(\d{2})$)");
  static const std::regex zone(R"(^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$)");
  std::smatch match;
  if (std::regex_match(text, match, offset)) {
    int hours = std::stoi(match[2].str());
    int minutes = std::stoi(match[3].str());
    if (hours > 14 || minutes > 59)
      return InvalidArgument("--timezone '" + text + "': an offset lies between -14:00 and +14:00");
    clock.kind = DayClock::Kind::kFixedOffset;
    clock.offset_minutes = (match[1] == "-" ? -1 : 1) * (hours * 60 + minutes);
    return clock;
  }
  if (std::regex_match(text, zone)) {
    clock.kind = DayClock::Kind::kZoneName;
    clock.zone = text;
    return clock;
  }
  return InvalidArgument("--timezone '" + text +
                         "': use UTC, a fixed offset such as +02:00, or a zone name such as "
                         "Europe/Brussels");
}

std::string MonthlyMaxView(const std::string& table) { return table + "_monthly_max"; }
std::string DailyVsWeekView(const std::string& table) { return table + "_daily_vs_7day_max"; }

const std::vector<std::string>& RequiredViewColumns() {
  static const std::vector<std::string> columns = {"parameter", "value", "unit", "date_utc",
                                                   "location"};
  return columns;
}

Status MissingTableError(const std::string& where, const std::string& table) {
  return NotFound("table " + table + " does not exist in " + where +
                  ": load it first (aqpipe run --warehouse ... --table " + table +
                  ") or name the loaded table with --table");
}

Status MissingColumnsError(const std::string& where, const std::string& table,
                           const std::vector<std::string>& missing) {
  return FailedPrecondition("table " + table + " in " + where + " has no column " +
                            Joined(missing) + ": the views need " + Joined(RequiredViewColumns()) +
                            " (an OpenAQ measurements table as aqpipe run loads it)");
}

Status EmptyTableError(const std::string& where, const std::string& table) {
  return FailedPrecondition("table " + table + " in " + where +
                            " has no measurement with a parameter, a value and a date_utc: "
                            "load data first (aqpipe run), then analyze");
}

std::vector<std::string> MissingColumns(const std::vector<std::string>& present) {
  std::vector<std::string> lower;
  lower.reserve(present.size());
  for (const std::string& name : present) lower.push_back(Lower(name));
  std::vector<std::string> missing;
  for (const std::string& name : RequiredViewColumns()) {
    if (std::find(lower.begin(), lower.end(), name) == lower.end()) missing.push_back(name);
  }
  return missing;
}

Status CheckViewTable(const std::string& where, const std::string& table,
                      const std::vector<std::string>& present,
                      const std::function<Result<bool>()>& has_measurement) {
  if (present.empty()) return MissingTableError(where, table);
  if (auto missing = MissingColumns(present); !missing.empty())
    return MissingColumnsError(where, table, missing);
  AQ_ASSIGN_OR_RETURN(bool any, has_measurement());
  return any ? Status::Ok() : EmptyTableError(where, table);
}

std::string AnyMeasurementSql(const std::string& quoted_table) {
  return "SELECT 1 FROM " + quoted_table +
         " WHERE parameter IS NOT NULL AND value IS NOT NULL AND date_utc IS NOT NULL LIMIT 1";
}

std::string MonthlyReadColumns(const std::string& measured_at_text) {
  return "year, month, parameter, unit, max_value, location, " + measured_at_text +
         ", measurements";
}

std::string DailyReadColumns(const std::string& day_text, const std::string& measured_at_text) {
  return day_text + ", parameter, unit, day_max, location, " + measured_at_text +
         ", measurements, prior_7day_max, prior_days, ratio, exceeds";
}

Result<std::vector<MonthlyMaxRow>> ParseMonthlyRows(
    const std::vector<std::vector<std::string>>& rows) {
  std::vector<MonthlyMaxRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    if (row.size() != 8) return Internal("the monthly view returned a row without 8 columns");
    MonthlyMaxRow parsed;
    AQ_ASSIGN_OR_RETURN(int64_t year, Integer(row[0], "year"));
    AQ_ASSIGN_OR_RETURN(int64_t month, Integer(row[1], "month"));
    parsed.year = static_cast<int>(year);
    parsed.month = static_cast<int>(month);
    parsed.parameter = row[2];
    parsed.unit = row[3];
    AQ_ASSIGN_OR_RETURN(parsed.max_value, Number(row[4], "max_value"));
    parsed.location = row[5];
    parsed.measured_at = row[6];
    AQ_ASSIGN_OR_RETURN(parsed.measurements, Integer(row[7], "measurements"));
    out.push_back(std::move(parsed));
  }
  return out;
}

Result<std::vector<DailyRow>> ParseDailyRows(const std::vector<std::vector<std::string>>& rows) {
  std::vector<DailyRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    if (row.size() != 11) return Internal("the daily view returned a row without 11 columns");
    DailyRow parsed;
    parsed.day = row[0];
    parsed.parameter = row[1];
    parsed.unit = row[2];
    AQ_ASSIGN_OR_RETURN(parsed.day_max, Number(row[3], "day_max"));
    parsed.location = row[4];
    parsed.measured_at = row[5];
    AQ_ASSIGN_OR_RETURN(parsed.measurements, Integer(row[6], "measurements"));
    AQ_ASSIGN_OR_RETURN(parsed.prior_7day_max, OptionalNumber(row[7], "prior_7day_max"));
    AQ_ASSIGN_OR_RETURN(parsed.prior_days, Integer(row[8], "prior_days"));
    AQ_ASSIGN_OR_RETURN(parsed.ratio, OptionalNumber(row[9], "ratio"));
    parsed.exceeds = Truth(row[10]);
    out.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace aq
