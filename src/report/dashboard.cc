#include "report/dashboard.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "report/assets.h"

namespace aq::report {
namespace {

// A JSON string; "</" is written "<\/" so that no value can end the <script> element it is in.
void AppendString(std::string& out, const std::string& text) {
  out += '"';
  char previous = 0;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '/':
        out += previous == '<' ? "\\/" : "/";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
    previous = c;
  }
  out += '"';
}

void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  out += text;
}

void AppendOptional(std::string& out, const std::optional<double>& value) {
  if (value) {
    AppendNumber(out, *value);
  } else {
    out += "null";
  }
}

std::string Json(const DashboardInput& input) {
  std::string out = "{\"table\":";
  AppendString(out, input.table);
  out += ",\"monthly\":[";
  for (size_t i = 0; i < input.monthly.size(); ++i) {
    const MonthlyMaxRow& r = input.monthly[i];
    out += i ? ",[" : "[";
    out += std::to_string(r.year) + "," + std::to_string(r.month) + ",";
    AppendString(out, r.parameter);
    out += ",";
    AppendString(out, r.unit);
    out += ",";
    AppendNumber(out, r.max_value);
    out += ",";
    AppendString(out, r.location);
    out += ",";
    AppendString(out, r.measured_at);
    out += "," + std::to_string(r.measurements) + "]";
  }
  out += "],\"daily\":[";
  for (size_t i = 0; i < input.daily.size(); ++i) {
    const DailyRow& r = input.daily[i];
    out += i ? ",[" : "[";
    AppendString(out, r.day);
    out += ",";
    AppendString(out, r.parameter);
    out += ",";
    AppendString(out, r.unit);
    out += ",";
    AppendNumber(out, r.day_max);
    out += ",";
    AppendString(out, r.location);
    out += ",";
    AppendString(out, r.measured_at);
    out += "," + std::to_string(r.measurements) + ",";
    AppendOptional(out, r.prior_7day_max);
    out += "," + std::to_string(r.prior_days) + ",";
    AppendOptional(out, r.ratio);
    out += r.exceeds ? ",1]" : ",0]";
  }
  out += "]}";
  return out;
}

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

size_t MetricCount(const DashboardInput& input) {
  std::set<std::pair<std::string, std::string>> metrics;
  for (const MonthlyMaxRow& r : input.monthly) metrics.emplace(r.parameter, r.unit);
  for (const DailyRow& r : input.daily) metrics.emplace(r.parameter, r.unit);
  return metrics.size();
}

Result<std::string> RenderDashboard(const DashboardInput& input) {
  if (!Available()) {
    return FailedPrecondition(
        "this aqpipe was built without its charting library (uPlot): run scripts/setup.sh "
        "(npm ci in web/), then rebuild");
  }
  std::string title = "Air quality: " + input.table;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing may be fetched: every script and style is inline, images are data: URLs.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      Escaped(title) + "</title>\n<style>\n";
  html += UplotCss();
  html += "\n";
  html += DashboardCss();
  html += "</style>\n</head>\n<body>\n<header><h1>" + Escaped(title) + "</h1>\n<p>From " +
          Escaped(input.source) + ", views " + Escaped(MonthlyMaxView(input.table)) + " and " +
          Escaped(DailyVsWeekView(input.table)) + "; generated " + Escaped(input.generated) +
          " UTC by aqpipe report. Days and months as aqpipe analyze defined them (UTC unless "
          "--timezone). Definitions: docs/analytics.md.</p></header>\n"
          "<div class=\"filters\"><label>Metric<select id=\"metric\"></select></label>"
          "<label>Location<select id=\"location\"></select></label>"
          "<span>(location: where the maximum was measured)</span></div>\n"
          "<section id=\"monthly\"><h2>Monthly maximum of each metric</h2>\n"
          "<p class=\"what\">The largest value measured in each calendar month (year and month: "
          "January 2023 and January 2024 are two points), per parameter and unit.</p>\n"
          "<div class=\"grid\" id=\"monthly-charts\"></div>\n"
          "<details><summary>Table: monthly maximum</summary><div class=\"table-box\" "
          "id=\"monthly-table\"></div></details></section>\n"
          "<section id=\"daily\"><h2>Daily maximum against the maximum of the 7 days "
          "before</h2>\n<p class=\"what\">Blue: the day's maximum. Shaded: the maximum of the 7 "
          "calendar days before it (days without data shorten the window; they never stretch "
          "it). Red dots: days that beat it.</p>\n"
          "<div class=\"grid\" id=\"daily-charts\"></div>\n"
          "<details><summary>Table: daily maximum vs 7-day maximum</summary><div "
          "class=\"table-box\" id=\"daily-table\"></div></details></section>\n"
          "<script id=\"aq-data\" type=\"application/json\">";
  html += Json(input);
  html += "</script>\n<script>\n";
  html += UplotJs();
  html += "\n</script>\n<script>\n";
  html += DashboardJs();
  html += "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace aq::report
