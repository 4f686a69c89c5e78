// Which layout of JSON records a file uses, detected from its first bytes (its first lines).
//
//   kJsonLines     one record per line ("JSON Lines" / NDJSON); blank lines skipped
//   kJsonArray     one top-level array of records, often pretty-printed
//   kEnvelope      an API response object whose "results" array holds the records
//   kConcatenated  records written one after another, pretty-printed over many lines
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

namespace aq {

enum class RecordFormat { kJsonLines, kJsonArray, kEnvelope, kConcatenated };

const char* RecordFormatName(RecordFormat format);

// Number of bytes of a UTF-8 byte order mark at the start of `data` (0 or 3).
size_t BomLength(std::string_view data);

// Detects the format from the first bytes of the decoded file. `head` should hold at least the
// first record, or as much of the file as is cheap to read (1 MiB). Several lines that each hold
// one complete object make JSON Lines, whatever the first line holds (so one broken line, or a
// record with a "results" array, does not turn the file into one giant record); an envelope or an
// array is one value spanning the file.
RecordFormat SniffRecordFormat(std::string_view head);

// Whether the head is UTF-16 text (a UTF-16 byte order mark, or a NUL byte beside every ASCII
// character), which aqpipe does not read: the caller tells the user to convert it to UTF-8.
bool LooksLikeUtf16(std::string_view head);

}  // namespace aq
