#include "readers/record_format.h"

#include <algorithm>

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

namespace {

// How many non-blank lines of the head vote on whether the file is JSON Lines.
constexpr int kVotingLines = 64;

struct LineVote {
  int whole = 0;  // lines that hold exactly one complete JSON object
  int other = 0;  // non-blank lines that do not
};

// Looks at each of the first lines of `head` on its own: in a JSON Lines file most of them are one
// complete object; in pretty-printed JSON almost none is (a pretty printer puts a value's
// brackets, keys and commas on separate lines). One broken line then cannot decide the format.
LineVote VoteLines(std::string_view head, size_t pos) {
  LineVote vote;
  while (pos < head.size() && vote.whole + vote.other < kVotingLines) {
    size_t nl = head.find('\n', pos);
    size_t line_end = nl == std::string_view::npos ? head.size() : nl;
    size_t begin = SkipSpace(head.substr(0, line_end), pos);
    size_t end = line_end;
    while (end > begin && IsJsonSpace(head[end - 1])) --end;
    if (begin < end) {
      std::string_view line = head.substr(begin, end - begin);
      size_t value_end = 0;
      bool whole = line[0] == '{' &&
                   ScanValue(line, 0, "", false, &value_end) == ScanStop::kComplete &&
                   value_end == line.size();
      // The head may cut its last line short: only a complete last line votes.
      if (whole) {
        ++vote.whole;
      } else if (nl != std::string_view::npos) {
        ++vote.other;
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return vote;
}

// Whether the line after the one holding `pos` starts a new object at column 0. A pretty printer
// indents what is inside a value, so such a line means the first line is a broken record.
bool NextLineStartsAnObject(std::string_view head, size_t pos) {
  size_t nl = head.find('\n', pos);
  while (nl != std::string_view::npos && nl + 1 < head.size() &&
         (head[nl + 1] == '\n' || head[nl + 1] == '\r')) {
    nl = head.find('\n', nl + 1);  // blank lines in between
  }
  return nl != std::string_view::npos && nl + 1 < head.size() && head[nl + 1] == '{';
}

}  // namespace

RecordFormat SniffRecordFormat(std::string_view head) {
  size_t pos = SkipSpace(head, BomLength(head));
  if (pos >= head.size()) return RecordFormat::kJsonLines;
  // Several top-level objects on lines of their own are JSON Lines, whatever the first line holds
  // (a broken record, or an object with a "results" array).
  LineVote vote = VoteLines(head, pos);
  if (vote.whole >= 2 && vote.whole >= vote.other) return RecordFormat::kJsonLines;
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
    if (head.find('\n', pos) == std::string_view::npos) return RecordFormat::kJsonLines;
    return NextLineStartsAnObject(head, pos) ? RecordFormat::kJsonLines
                                             : RecordFormat::kConcatenated;
  }
  bool first_is_one_line = head.substr(pos, end - pos).find('\n') == std::string_view::npos;
  if (first_is_one_line || NextLineStartsAnObject(head, pos)) return RecordFormat::kJsonLines;
  return RecordFormat::kConcatenated;
}

bool LooksLikeUtf16(std::string_view head) {
  if (head.size() >= 2 &&
      ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'))) {
    return true;
  }
  // Without a byte order mark: ASCII text in UTF-16 has a NUL byte beside every character.
  size_t pairs = std::min<size_t>(head.size() / 2, 32);
  if (pairs < 2) return false;
  size_t even_nuls = 0;
  size_t odd_nuls = 0;
  for (size_t i = 0; i < pairs * 2; i += 2) {
    even_nuls += head[i] == '\0';
    odd_nuls += head[i + 1] == '\0';
  }
  return (even_nuls == pairs && odd_nuls == 0) || (odd_nuls == pairs && even_nuls == 0);
}

}  // namespace aq
