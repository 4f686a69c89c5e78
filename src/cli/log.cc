#include "cli/log.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "common/redact.h"
#include "common/text_format.h"

namespace aq::cli {
namespace {

std::mutex mu;
LogFormat format = LogFormat::kText;
bool progress_shown = false;

std::string NowUtc() { return FormatUtcTime(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ"); }

// One JSON object for a log or report line.
std::string JsonLine(const std::string& level, const std::string& message, const Fields& fields) {
  std::string line = "{\"time\":\"" + NowUtc() + "\",\"level\":\"" + level + "\",\"message\":";
  AppendJsonString(redact::Scrub(message), &line);
  for (const auto& [key, value] : fields) {
    line += ",";
    AppendJsonString(key, &line);
    line += ":";
    if (value.is_number()) {
      line += value.text();
    } else {
      AppendJsonString(redact::Scrub(value.text()), &line);
    }
  }
  return line + "}\n";
}

void ClearProgressLocked() {
  if (progress_shown) {
    std::fputs("\r\033[K", stderr);
    progress_shown = false;
  }
}

}  // namespace

void SetLogFormat(LogFormat f) {
  std::lock_guard lock(mu);
  format = f;
}

LogFormat GetLogFormat() {
  std::lock_guard lock(mu);
  return format;
}

void Log(const std::string& level, const std::string& message, const Fields& fields) {
  std::lock_guard lock(mu);
  ClearProgressLocked();
  if (format == LogFormat::kJson) {
    // One JSON object per line on stdout, where CloudWatch (awslogs) and log shippers expect it.
    std::fputs(JsonLine(level, message, fields).c_str(), stdout);
    std::fflush(stdout);
    return;
  }
  std::string line =
      "aqpipe: " + (level == "info" ? "" : level + ": ") + redact::Scrub(message) + "\n";
  std::fputs(line.c_str(), stderr);
}

LogValue::LogValue(double x) : number_(true) {
  char text[32];
  // Finite only: JSON has no NaN or Infinity.
  std::snprintf(text, sizeof text, "%.9g", std::isfinite(x) ? x : 0.0);
  text_ = text;
}

void Report(const std::string& text, const Fields& fields) {
  std::lock_guard lock(mu);
  ClearProgressLocked();
  std::string line =
      format == LogFormat::kJson ? JsonLine("info", text, fields) : redact::Scrub(text) + "\n";
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

void ShowProgress(const std::string& line) {
  std::lock_guard lock(mu);
  if (format != LogFormat::kText || !isatty(STDERR_FILENO)) return;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  progress_shown = true;
}

void ClearProgress() {
  std::lock_guard lock(mu);
  ClearProgressLocked();
}

}  // namespace aq::cli
