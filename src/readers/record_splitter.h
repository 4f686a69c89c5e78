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
#include <string_view>
#include <vector>

#include "common/status.h"
#include "readers/record_format.h"

namespace aq {

struct RecordSpan {
  size_t offset = 0;  // in the data passed to Split
  size_t length = 0;
  uint64_t line = 0;   // 0-based line of the record's first byte, counted from the stream start
  uint64_t index = 0;  // 0-based record number in the stream
};

class RecordSplitter {
 public:
  explicit RecordSplitter(RecordFormat format) : format_(format) {}

  // Appends the complete records found in `data` to *out and returns the bytes consumed.
  // With `at_end`, nothing follows `data`: a trailing partial record is returned as a record.
  Result<size_t> Split(std::string_view data, bool at_end, std::vector<RecordSpan>* out);

  // JSON Lines only: lines starting at or after this many bytes from the stream start belong to
  // someone else (the next range of a split file); the splitter stops before them.
  void set_line_start_limit(uint64_t limit) { limit_ = limit; }
  // True once the limit was reached: no more records will come from this stream.
  bool finished() const { return finished_; }

  // Newlines in all bytes consumed so far.
  uint64_t lines_consumed() const { return lines_; }
  uint64_t records_found() const { return records_; }

 private:
  enum class Phase { kStart, kInside, kAfter };

  size_t SplitLines(std::string_view data, bool at_end, std::vector<RecordSpan>* out);
  Result<size_t> SplitStructured(std::string_view data, bool at_end, std::vector<RecordSpan>* out);
  Result<bool> Enter(std::string_view data, bool at_end, size_t* pos);
  void Emit(std::string_view data, size_t begin, size_t end, std::vector<RecordSpan>* out);
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
};

}  // namespace aq
