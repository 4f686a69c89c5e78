#include "readers/record_splitter.h"

#include <algorithm>
#include <cstring>

#include "readers/json_scan.h"

namespace aq {

namespace {

// "64 MiB" for the --max-record-mib values; exact bytes for other limits (tests use small ones).
std::string FormatLimit(size_t bytes) {
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

void RecordSplitter::AdvanceLines(std::string_view data, size_t to) {
  if (to > counted_to_) {
    lines_ +=
        static_cast<uint64_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(counted_to_),
                                         data.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
    counted_to_ = to;
  }
}

void RecordSplitter::Emit(std::string_view data, size_t begin, size_t end,
                          std::vector<RecordSpan>* out, SpanProblem problem) {
  while (end > begin && IsJsonSpace(data[end - 1])) --end;
  if (end == begin) return;
  AdvanceLines(data, begin);
  out->push_back({begin, end - begin, lines_, records_++, problem});
}

Result<size_t> RecordSplitter::Split(std::string_view data, bool at_end,
                                     std::vector<RecordSpan>* out) {
  counted_to_ = 0;
  if (finished_) return size_t{0};
  size_t start = 0;
  if (skip_.active) {
    start = SkipRecordBytes(data, 0);
    if (skip_.active) {
      AdvanceLines(data, start);
      consumed_total_ += start;
      return start;
    }
  }
  size_t consumed = 0;
  if (format_ == RecordFormat::kJsonLines) {
    consumed = SplitLines(data, start, at_end, out);
  } else {
    AQ_ASSIGN_OR_RETURN(consumed, SplitStructured(data, start, at_end, out));
  }
  consumed_total_ += consumed;
  return consumed;
}

Result<size_t> RecordSplitter::CutOversized(std::string_view data, size_t max_bytes,
                                            std::vector<RecordSpan>* out) {
  counted_to_ = 0;
  size_t begin = 0;
  if (phase_ == Phase::kStart) {
    if (format_ == RecordFormat::kJsonArray || format_ == RecordFormat::kEnvelope) {
      return CorruptInput("the file's first " + FormatLimit(max_bytes) +
                          " hold no record of its JSON array or API response; is this file JSON "
                          "records? (raise --max-record-mib if it is)");
    }
    begin = BomLength(data);
    phase_ = Phase::kInside;
  }
  begin = SkipSpace(data, begin);
  if (begin >= data.size()) return begin;
  AdvanceLines(data, begin);
  out->push_back({begin, std::min(max_bytes, data.size() - begin), lines_, records_++,
                  SpanProblem::kTooLarge});
  element_ = Element::kValue;
  skip_ = Skip{true, 0, false, false};
  size_t end = SkipRecordBytes(data, begin);
  AdvanceLines(data, end);
  consumed_total_ += end;
  return end;
}

size_t RecordSplitter::SkipRecordBytes(std::string_view data, size_t pos) {
  if (format_ == RecordFormat::kJsonLines) {
    const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
    if (!nl) return data.size();
    skip_.active = false;
    return static_cast<size_t>(static_cast<const char*>(nl) - data.data());
  }
  for (size_t i = pos; i < data.size(); ++i) {
    char c = data[i];
    if (skip_.in_string) {
      if (skip_.escaped) {
        skip_.escaped = false;
      } else if (c == '\\') {
        skip_.escaped = true;
      } else if (c == '"') {
        skip_.in_string = false;
        if (skip_.depth == 0) {
          skip_.active = false;
          return i + 1;
        }
      }
      continue;
    }
    if (c == '"') {
      skip_.in_string = true;
    } else if (c == '{' || c == '[') {
      ++skip_.depth;
    } else if (c == '}' || c == ']') {
      if (skip_.depth == 0) {  // closes the array around the record: stop before it
        skip_.active = false;
        return i;
      }
      if (--skip_.depth == 0) {
        skip_.active = false;
        return i + 1;
      }
    } else if (skip_.depth == 0 && (c == ',' || IsJsonSpace(c))) {
      skip_.active = false;
      return i;
    }
  }
  return data.size();
}

size_t RecordSplitter::SplitLines(std::string_view data, size_t pos, bool at_end,
                                  std::vector<RecordSpan>* out) {
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
      out->push_back({begin, 0, lines_, records_++, SpanProblem::kNone});
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

bool RecordSplitter::SkipEnvelopeRest(std::string_view data, bool at_end, size_t* pos) {
  size_t p = *pos;
  for (;;) {
    p = SkipSpace(data, p);
    *pos = p;  // only whole "key": value pairs are consumed
    if (p >= data.size()) return true;
    if (data[p] == ',') {
      ++p;
      continue;
    }
    if (data[p] == '}') {
      phase_ = Phase::kTrailing;
      *pos = p + 1;
      return true;
    }
    size_t key_end = 0;
    size_t colon = 0;
    size_t value_end = 0;
    bool is_pair = data[p] == '"';
    bool need_more = false;
    if (is_pair) {
      need_more = ScanValue(data, p, "", false, &key_end) == ScanStop::kNeedMore ||
                  (colon = SkipSpace(data, key_end)) >= data.size();
    }
    if (is_pair && !need_more) {
      is_pair = data[colon] == ':';
      size_t value = SkipSpace(data, colon + 1);
      need_more = is_pair && (value >= data.size() || ScanValue(data, value, ",}", true,
                                                                &value_end) == ScanStop::kNeedMore);
    }
    if (need_more) {
      if (!at_end) return false;
      *pos = data.size();  // the object is cut off inside its metadata: missing_end_ says so
      return true;
    }
    if (!is_pair) {
      phase_ = Phase::kTrailing;  // not part of an object: quarantined as text after it
      return true;
    }
    p = value_end;
  }
}

Result<size_t> RecordSplitter::SplitStructured(std::string_view data, size_t pos, bool at_end,
                                               std::vector<RecordSpan>* out) {
  size_t consumed = pos;
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
      element_ = Element::kOpened;
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
    if (phase_ == Phase::kAfter && format_ == RecordFormat::kEnvelope) {
      // The envelope's metadata after "results" is skipped; its closing '}' ends the records.
      bool complete = SkipEnvelopeRest(data, at_end, &pos);
      consumed = pos;
      if (!complete) break;
      continue;
    }
    if (phase_ == Phase::kAfter || phase_ == Phase::kTrailing) {
      // Past the array: another array of records may start; anything else is not a record of
      // the file's structure and is quarantined with that reason, never dropped.
      if (format_ == RecordFormat::kJsonArray && data[pos] == '[') {
        phase_ = Phase::kInside;
        element_ = Element::kOpened;
        consumed = ++pos;
        continue;
      }
      size_t end = 0;
      if (ScanValue(data, pos, "", true, &end) == ScanStop::kNeedMore) {
        if (!at_end) break;
        end = data.size();
      }
      // A stray closing bracket ends a "value" before it starts: take it as one character of text.
      if (end == pos) end = pos + 1;
      Emit(data, pos, end, out,
           format_ == RecordFormat::kEnvelope ? SpanProblem::kTrailingAfterEnvelope
                                              : SpanProblem::kTrailingAfterArray);
      pos = consumed = end;
      continue;
    }
    if (separated && data[pos] == ',') {
      if (element_ != Element::kValue) Emit(data, pos, pos + 1, out, SpanProblem::kEmptyElement);
      element_ = Element::kComma;
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
    SpanProblem problem = SpanProblem::kNone;
    if (stop == ScanStop::kNeedMore) {
      if (!at_end) break;
      end = data.size();
      // An object, array or string still open at the end of the file was cut off.
      char first = data[pos];
      if (first == '{' || first == '[' || first == '"') problem = SpanProblem::kTruncated;
    }
    if (end == pos) end = pos + 1;  // a stray '}' or ']' where a record should start
    Emit(data, pos, end, out, problem);
    element_ = Element::kValue;
    pos = consumed = end;
  }
  if (at_end && separated) {
    if (phase_ == Phase::kInside) {
      missing_end_ = format_ == RecordFormat::kJsonArray
                         ? "the JSON array's closing ']'"
                         : "the closing ']' and '}' of the API response object";
    } else if (phase_ == Phase::kAfter && format_ == RecordFormat::kEnvelope) {
      missing_end_ = "the API response object's closing '}'";
    }
  }
  AdvanceLines(data, consumed);
  return consumed;
}

std::string DescribeSpanProblem(SpanProblem problem, size_t max_record_bytes) {
  switch (problem) {
    case SpanProblem::kTrailingAfterArray:
      return "text after the JSON array's closing ']' (not a record of the array); is the file "
             "damaged, or two files written into one?";
    case SpanProblem::kTrailingAfterEnvelope:
      return "text after the API response object's closing '}' (not one of its results); is the "
             "file damaged, or two files written into one?";
    case SpanProblem::kEmptyElement:
      return "an empty element in the JSON array (a ',' with no record before it, as in "
             "\"[a,,b]\"): the file is damaged";
    case SpanProblem::kTruncated:
      return "the file ends inside this record: the file is incomplete (cut short while it was "
             "downloaded or written?); fetch it again";
    case SpanProblem::kTooLarge:
      return "the record is larger than " + FormatLimit(max_record_bytes) +
             ", the most --max-record-mib allows (the rejects file holds its first " +
             FormatLimit(max_record_bytes) + "); raise --max-record-mib to load it";
    case SpanProblem::kNone:
      break;
  }
  return "";
}

}  // namespace aq
