// RecordSplitter: finds where each record starts and ends in a stream of
// decoded bytes, for every RecordFormat, without parsing the records. Records
// that are not valid JSON still come out as records, so the parser can
// quarantine them with their text and line number.
//
// Feed it the bytes from the first unconsumed one onwards; it returns how many
// it consumed (always up to a record boundary) and keeps its position in the
// file's structure between calls.
//
// Thread safety: one splitter per stream, used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "readers/record_format.h"

namespace aq {

// Why a span is known not to be a record before any parser sees it (it is quarantined as is).
enum class SpanProblem : uint8_t {
  kNone,
  kTrailingAfterArray,     // text after the top-level array's closing ']'
  kTrailingAfterEnvelope,  // text after the API response object's closing '}'
  kEmptyElement,           // a ',' where an array element should be: "[a,,b]"
  kTruncated,              // the file ends inside this record
  kTooLarge,               // longer than the reader's record limit (set by ChunkReader)
};

// The quarantine reason for a span with a problem (kTooLarge names `max_record_bytes`).
std::string DescribeSpanProblem(SpanProblem problem, size_t max_record_bytes);

struct RecordSpan {
  size_t offset = 0;  // in the data passed to Split
  size_t length = 0;
  uint64_t line = 0;   // 0-based line of the record's first byte, counted from the stream start
  uint64_t index = 0;  // 0-based record number in the stream
  SpanProblem problem = SpanProblem::kNone;
};

class RecordSplitter {
 public:
  explicit RecordSplitter(RecordFormat format) : format_(format) {}

  // Appends the complete records found in `data` to *out and returns the bytes consumed.
  // With `at_end`, nothing follows `data`: a trailing partial record is returned as a record.
  Result<size_t> Split(std::string_view data, bool at_end, std::vector<RecordSpan>* out);

  // Called when not one whole record fits in `data` (at most the record limit): returns the
  // record's first `max_bytes` as a kTooLarge span and skips the rest of it, here and in the next
  // calls of Split, so that the records after it are read. Returns the bytes consumed.
  Result<size_t> CutOversized(std::string_view data, size_t max_bytes,
                              std::vector<RecordSpan>* out);

  // JSON Lines only: lines starting at or after this many bytes from the stream start belong to
  // someone else (the next range of a split file); the splitter stops before them.
  void set_line_start_limit(uint64_t limit) { limit_ = limit; }
  // True once the limit was reached: no more records will come from this stream.
  bool finished() const { return finished_; }

  // Newlines in all bytes consumed so far.
  uint64_t lines_consumed() const { return lines_; }
  uint64_t records_found() const { return records_; }

  // After the call with `at_end`: what the file lacks when it ends inside its array or envelope
  // ("the JSON array's closing ']'"), or nullptr when it is complete. A cut-off download.
  const char* missing_end() const { return missing_end_; }

 private:
  // kAfter: past the array's ']' (for an envelope: inside the object, past its "results" array).
  // kTrailing: past the envelope object's closing '}'.
  enum class Phase { kStart, kInside, kAfter, kTrailing };
  // Inside an array: what came last, to notice an empty element ("[a,,b]").
  enum class Element { kOpened, kValue, kComma };

  // Where the skipped part of an oversized record is, as a JSON scan that survives Split calls.
  struct Skip {
    bool active = false;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
  };

  size_t SplitLines(std::string_view data, size_t pos, bool at_end, std::vector<RecordSpan>* out);
  Result<size_t> SplitStructured(std::string_view data, size_t pos, bool at_end,
                                 std::vector<RecordSpan>* out);
  // Advances the skip from `pos`; returns where the skipped record ends, or data.size().
  size_t SkipRecordBytes(std::string_view data, size_t pos);
  Result<bool> Enter(std::string_view data, bool at_end, size_t* pos);
  void Emit(std::string_view data, size_t begin, size_t end, std::vector<RecordSpan>* out,
            SpanProblem problem = SpanProblem::kNone);
  // Phase kAfter of an envelope: skips its remaining "key": value pairs up to its '}'. Returns
  // false when more bytes are needed.
  bool SkipEnvelopeRest(std::string_view data, bool at_end, size_t* pos);
  void AdvanceLines(std::string_view data, size_t to);

  RecordFormat format_;
  Phase phase_ = Phase::kStart;
  uint64_t lines_ = 0;
  uint64_t records_ = 0;
  // Within one Split call: how far newlines have been counted, and the count there.
  size_t counted_to_ = 0;
  uint64_t limit_ = UINT64_MAX;
  uint64_t consumed_total_ = 0;
  bool finished_ = false;
  Element element_ = Element::kOpened;
  Skip skip_;
  const char* missing_end_ = nullptr;
};

}  // namespace aq
