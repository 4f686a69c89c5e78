#include "readers/record_splitter.h"

#include <algorithm>
#include <cstring>

#include "readers/json_scan.h"

namespace aq {

void RecordSplitter::AdvanceLines(std::string_view data, size_t to) {
  if (to > counted_to_) {
    lines_ +=
        static_cast<uint64_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(counted_to_),
                                         data.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
    counted_to_ = to;
  }
}

void RecordSplitter::Emit(std::string_view data, size_t begin, size_t end,
                          std::vector<RecordSpan>* out) {
  while (end > begin && IsJsonSpace(data[end - 1])) --end;
  if (end == begin) return;
  AdvanceLines(data, begin);
  out->push_back({begin, end - begin, lines_, records_++});
}

Result<size_t> RecordSplitter::Split(std::string_view data, bool at_end,
                                     std::vector<RecordSpan>* out) {
  counted_to_ = 0;
  if (finished_) return size_t{0};
  size_t consumed = 0;
  if (format_ == RecordFormat::kJsonLines) {
    consumed = SplitLines(data, at_end, out);
  } else {
    AQ_ASSIGN_OR_RETURN(consumed, SplitStructured(data, at_end, out));
  }
  consumed_total_ += consumed;
  return consumed;
}

size_t RecordSplitter::SplitLines(std::string_view data, bool at_end,
                                  std::vector<RecordSpan>* out) {
  size_t pos = 0;
  const char* base = data.data();
  while (pos < data.size()) {
    if (consumed_total_ + pos >= limit_) {
      finished_ = true;
      break;
    }
    const void* nl = std::memchr(base + pos, '\n', data.size() - pos);
    size_t line_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : data.size();
    if (!nl && !at_end) break;
    size_t begin = pos;
    if (phase_ == Phase::kStart) {
      // A byte order mark belongs to the first line, which starts at byte 0 for range limits.
      begin += BomLength(data.substr(pos, line_end - pos));
      phase_ = Phase::kInside;
    }
    while (begin < line_end && IsJsonSpace(base[begin])) ++begin;
    if (begin < line_end) {
      out->push_back({begin, 0, lines_, records_++});
      size_t end = line_end;
      while (end > begin && IsJsonSpace(base[end - 1])) --end;
      out->back().length = end - begin;
    }
    if (nl) ++lines_;
    pos = nl ? line_end + 1 : data.size();
  }
  return pos;
}

// Moves past the container opening: '[' for arrays, `{ ... "results": [` for envelopes.
// Returns false when more bytes are needed.
Result<bool> RecordSplitter::Enter(std::string_view data, bool at_end, size_t* pos) {
  size_t p = SkipSpace(data, *pos);
  if (p >= data.size()) return false;
  if (format_ == RecordFormat::kJsonArray) {
    if (data[p] != '[') return CorruptInput("expected a JSON array of records");
    *pos = p + 1;
    return true;
  }
  if (data[p] != '{')
    return CorruptInput("expected an API response object with a \"results\" array");
  bool found = false;
  size_t value_pos = 0;
  if (FindKeyValue(data, p + 1, "results", &found, &value_pos) == ScanStop::kNeedMore) {
    if (at_end) return CorruptInput("the API response object ends before its \"results\" array");
    return false;
  }
  if (!found || data[value_pos] != '[') {
    return CorruptInput("the API response object has no \"results\" array of records");
  }
  *pos = value_pos + 1;
  return true;
}

Result<size_t> RecordSplitter::SplitStructured(std::string_view data, bool at_end,
                                               std::vector<RecordSpan>* out) {
  size_t pos = 0;
  size_t consumed = 0;
  if (phase_ == Phase::kStart) {
    if (data.size() < 3 && !at_end) return 0;
    pos = BomLength(data);
    if (format_ == RecordFormat::kConcatenated) {
      phase_ = Phase::kInside;
      consumed = pos;  // the byte order mark, so that a later call does not see it again
    } else {
      AQ_ASSIGN_OR_RETURN(bool entered, Enter(data, at_end, &pos));
      if (!entered) return 0;
      phase_ = Phase::kInside;
      consumed = pos;
    }
  }
  const bool separated = format_ != RecordFormat::kConcatenated;
  while (true) {
    pos = SkipSpace(data, pos);
    if (pos >= data.size()) {
      consumed = pos;
      break;
    }
    if (phase_ == Phase::kAfter) {
      // After the array (or the envelope's results): the rest is metadata or closing brackets,
      // unless another array of records starts.
      if (format_ == RecordFormat::kJsonArray && data[pos] == '[') {
        phase_ = Phase::kInside;
        ++pos;
        consumed = pos;
        continue;
      }
      if (format_ == RecordFormat::kEnvelope) {
        consumed = data.size();
        break;
      }
      size_t end = 0;
      if (ScanValue(data, pos, "", true, &end) == ScanStop::kNeedMore) {
        if (!at_end) break;
        end = data.size();
      }
      // A stray closing bracket ends a "value" before it starts: take it as one character of text.
      if (end == pos) end = pos + 1;
      Emit(data, pos, end, out);  // stray text after the array: quarantined, never dropped
      pos = consumed = end;
      continue;
    }
    if (separated && data[pos] == ',') {
      consumed = ++pos;
      continue;
    }
    if (separated && data[pos] == ']') {
      phase_ = Phase::kAfter;
      consumed = ++pos;
      continue;
    }
    size_t end = 0;
    ScanStop stop =
        separated ? ScanValue(data, pos, ",]", false, &end) : ScanValue(data, pos, "", true, &end);
    if (stop == ScanStop::kNeedMore) {
      if (!at_end) break;
      end = data.size();
    }
    if (end == pos) end = pos + 1;  // a stray '}' or ']' where a record should start
    Emit(data, pos, end, out);
    pos = consumed = end;
  }
  AdvanceLines(data, consumed);
  return consumed;
}

}  // namespace aq
