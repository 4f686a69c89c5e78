// The time arithmetic of an ingest: instants as whole UTC seconds, the text forms the OpenAQ API
// and object names use, and the split of a window into the chunks that are fetched, written and
// checkpointed one at a time.
//
// Chunks end on UTC calendar boundaries (months; years for daily data), never on the moment a
// run happened to start or die, so a run that was killed and rerun cuts the window exactly as one
// clean run does: the same requests, the same objects.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace aq::ingest {

// "2024-01-01" (midnight UTC) or an RFC 3339 date-time ("2024-01-01T06:00:00Z", "...+02:00").
Result<int64_t> ParseInstant(std::string_view text);
// "2024-01-01T06:00:00Z".
std::string FormatInstant(int64_t epoch_seconds);
// "20240101T060000Z", for object names.
std::string CompactInstant(int64_t epoch_seconds);

enum class ChunkUnit { kMonth, kYear };

// [from, to) cut at every UTC month (or year) start inside it; empty when from >= to.
std::vector<std::pair<int64_t, int64_t>> SplitWindow(int64_t from, int64_t to, ChunkUnit unit);

}  // namespace aq::ingest
