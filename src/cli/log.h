// Logging for the command line: human text by default, one JSON object per
// line with --log-format json. Only the CLI prints; every line passes through
// the redaction registry so no secret reaches a terminal or a log store.
//
// Thread safety: all functions may be called from any thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace aq::cli {

enum class LogFormat { kText, kJson };

void SetLogFormat(LogFormat format);
LogFormat GetLogFormat();

using Fields = std::vector<std::pair<std::string, std::string>>;

// level: "info", "warning", "error". Text goes to stderr.
void Log(const std::string& level, const std::string& message, const Fields& fields = {});

// A progress line that rewrites itself, on a terminal only; Clear removes it.
void ShowProgress(const std::string& line);
void ClearProgress();

}  // namespace aq::cli
