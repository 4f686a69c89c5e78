#include "readers/record_format.h"

#include "readers/json_scan.h"

namespace aq {

const char* RecordFormatName(RecordFormat format) {
  switch (format) {
    case RecordFormat::kJsonLines:
      return "json-lines";
    case RecordFormat::kJsonArray:
      return "json-array";
    case RecordFormat::kEnvelope:
      return "api-envelope";
    case RecordFormat::kConcatenated:
      return "concatenated-json";
  }
  return "unknown";
}

size_t BomLength(std::string_view data) {
  return data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

RecordFormat SniffRecordFormat(std::string_view head) {
  size_t pos = SkipSpace(head, BomLength(head));
  if (pos >= head.size()) return RecordFormat::kJsonLines;
  if (head[pos] == '[') return RecordFormat::kJsonArray;
  if (head[pos] != '{') return RecordFormat::kJsonLines;  // not JSON: each line gets quarantined

  bool has_results = false;
  size_t value_pos = 0;
  FindKeyValue(head, pos + 1, "results", &has_results, &value_pos);
  if (has_results && value_pos < head.size() && head[value_pos] == '[')
    return RecordFormat::kEnvelope;

  size_t end = 0;
  if (ScanValue(head, pos, "", false, &end) == ScanStop::kNeedMore) {
    // The first record does not fit in the head: a very long line, or one big pretty object.
    return head.find('\n', pos) == std::string_view::npos ? RecordFormat::kJsonLines
                                                          : RecordFormat::kConcatenated;
  }
  bool first_is_one_line = head.substr(pos, end - pos).find('\n') == std::string_view::npos;
  return first_is_one_line ? RecordFormat::kJsonLines : RecordFormat::kConcatenated;
}

}  // namespace aq
