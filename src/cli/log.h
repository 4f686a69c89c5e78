// Logging for the command line: human text by default, one JSON object per
// line with --log-format json (numbers as JSON numbers). Only the CLI prints.
// Secrets never reach a message (see common/redact.h: they are Secret values,
// which do not format); as a last resort every line passes the redaction
// filter for those values.
//
// Thread safety: all functions may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aq::cli {

enum class LogFormat { kText, kJson };

void SetLogFormat(LogFormat format);
LogFormat GetLogFormat();

// A field's value: text, or a number that --log-format json writes as a JSON number.
class LogValue {
 public:
  LogValue(std::string text) : text_(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  LogValue(const char* text) : text_(text) {}             // NOLINT(google-explicit-constructor)
  LogValue(uint64_t n) : text_(std::to_string(n)), number_(true) {}  // NOLINT
  LogValue(int n) : text_(std::to_string(n)), number_(true) {}       // NOLINT
  LogValue(double x);                                                // NOLINT
  const std::string& text() const { return text_; }
  bool is_number() const { return number_; }

 private:
  std::string text_;
  bool number_ = false;
};

using Fields = std::vector<std::pair<std::string, LogValue>>;

// level: "info", "warning", "error". Text goes to stderr.
void Log(const std::string& level, const std::string& message, const Fields& fields = {});

// A line of a command's report on stdout: `text` as it is, or with --log-format json one JSON
// object {"time","level":"info","message":text, fields...}.
void Report(const std::string& text, const Fields& fields = {});

// A progress line that rewrites itself, on a terminal only; Clear removes it.
void ShowProgress(const std::string& line);
void ClearProgress();

}  // namespace aq::cli
