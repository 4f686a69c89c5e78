#include "ingest/time_window.h"

#include "normalize/timestamp.h"

namespace aq::ingest {
namespace {

int64_t StartOfNextChunk(int64_t t, ChunkUnit unit) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  CivilDate date = CivilFromDays(days);
  if (unit == ChunkUnit::kYear) return DaysFromCivil(date.year + 1, 1, 1) * 86400;
  if (date.month == 12) return DaysFromCivil(date.year + 1, 1, 1) * 86400;
  return DaysFromCivil(date.year, date.month + 1, 1) * 86400;
}

}  // namespace

Result<int64_t> ParseInstant(std::string_view text) {
  std::string full(text);
  if (full.size() == 10) full += "T00:00:00Z";  // a plain date is midnight UTC
  Timestamp ts;
  const char* reason = nullptr;
  if (ParseTimestamp(full, &ts, &reason) != TimestampParse::kOk) {
    return InvalidArgument("'" + std::string(text) +
                           "' is not a date (2024-01-31) or a date-time " +
                           "(2024-01-31T06:00:00Z)" + (reason ? std::string(": ") + reason : ""));
  }
  return ts.epoch_seconds;
}

std::string FormatInstant(int64_t epoch_seconds) {
  Timestamp ts;
  ts.epoch_seconds = epoch_seconds;
  ts.has_offset = true;
  ts.zulu = true;
  char buffer[kMaxTimestampText];
  return {buffer, FormatWithOffset(ts, buffer)};
}

std::string CompactInstant(int64_t epoch_seconds) {
  std::string out;
  for (char c : FormatInstant(epoch_seconds)) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

std::vector<std::pair<int64_t, int64_t>> SplitWindow(int64_t from, int64_t to, ChunkUnit unit) {
  std::vector<std::pair<int64_t, int64_t>> chunks;
  while (from < to) {
    int64_t end = std::min(to, StartOfNextChunk(from, unit));
    chunks.emplace_back(from, end);
    from = end;
  }
  return chunks;
}

}  // namespace aq::ingest
