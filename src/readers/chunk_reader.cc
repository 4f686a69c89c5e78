#include "readers/chunk_reader.h"

#include <cstring>

namespace aq {

ChunkReader::ChunkReader(std::unique_ptr<InputStream> stream, std::string name, RecordFormat format,
                         ChunkReaderOptions options, bool skip_partial_first_line,
                         uint64_t line_start_limit)
    : stream_(std::move(stream)),
      name_(std::move(name)),
      splitter_(format),
      options_(options),
      skip_first_line_(skip_partial_first_line),
      want_(options.chunk_bytes),
      line_start_limit_(line_start_limit) {
  splitter_.set_line_start_limit(line_start_limit);
}

Result<size_t> ChunkReader::Fill(char* dst, size_t want, bool* eof) {
  size_t have = 0;
  while (have < want) {
    AQ_ASSIGN_OR_RETURN(size_t n, stream_->Read(dst + have, want - have));
    if (n == 0) {
      *eof = true;
      break;
    }
    have += n;
  }
  return have;
}

Result<uint64_t> ChunkReader::SkipFirstLine() {
  char block[64 * 1024];
  uint64_t discarded = 0;
  while (!eof_) {
    AQ_ASSIGN_OR_RETURN(size_t n, Fill(block, sizeof block, &eof_));
    const char* nl = static_cast<const char*>(std::memchr(block, '\n', n));
    if (nl) {
      carry_.assign(nl + 1, static_cast<size_t>(block + n - (nl + 1)));
      return discarded + static_cast<uint64_t>(nl + 1 - block);
    }
    discarded += n;
  }
  return discarded;
}

Result<bool> ChunkReader::Next(Chunk* chunk) {
  if (skip_first_line_) {
    skip_first_line_ = false;
    AQ_ASSIGN_OR_RETURN(uint64_t discarded, SkipFirstLine());
    // The limit counts from the range start, one byte after the stream start; the owned lines
    // begin after the discarded partial line.
    if (line_start_limit_ != UINT64_MAX) {
      uint64_t past_start = discarded > 0 ? discarded - 1 : 0;
      splitter_.set_line_start_limit(line_start_limit_ > past_start ? line_start_limit_ - past_start
                                                                    : 0);
    }
  }
  chunk->records.clear();
  // Bytes and newlines consumed by passes that completed no record still belong to this chunk.
  uint64_t lines_before = splitter_.lines_consumed();
  uint64_t consumed_bytes = 0;
  while (!done_) {
    size_t capacity = std::max(want_, carry_.size() + options_.chunk_bytes / 4);
    auto buffer = std::make_shared<PaddedBuffer>();
    buffer->data.reset(new char[capacity + kBufferPadding]);
    char* data = buffer->data.get();
    std::memcpy(data, carry_.data(), carry_.size());
    size_t size = carry_.size();
    if (!eof_) {
      // Streams name their object in their own errors.
      AQ_ASSIGN_OR_RETURN(size_t filled, Fill(data + size, capacity - size, &eof_));
      size += filled;
    }
    std::memset(data + size, ' ', kBufferPadding);
    buffer->size = size;

    auto consumed = splitter_.Split({data, size}, eof_, &chunk->records);
    if (!consumed.ok()) return consumed.status().WithContext(name_);
    if (chunk->records.empty() && *consumed == 0 && !eof_ && !splitter_.finished() &&
        capacity >= options_.max_record_bytes) {
      // Not one whole record fits in the largest buffer allowed: quarantine the record's start
      // and skip the rest of it, so the records after it are still read.
      consumed = splitter_.CutOversized({data, size}, options_.max_record_bytes, &chunk->records);
      if (!consumed.ok()) return consumed.status().WithContext(name_);
    }
    consumed_bytes += *consumed;
    carry_.assign(data + *consumed, size - *consumed);
    if (eof_ || splitter_.finished()) done_ = true;

    if (!chunk->records.empty() || done_) {
      // The limit holds whatever the chunk size: a record that fits in a chunk but is larger
      // than the limit is refused like one that does not fit.
      for (RecordSpan& span : chunk->records) {
        if (span.length > options_.max_record_bytes) {
          span.problem = SpanProblem::kTooLarge;
          span.length = options_.max_record_bytes;
        }
      }
      if (done_) chunk->missing_end = splitter_.missing_end();
      chunk->buffer = std::move(buffer);
      chunk->lines_consumed = splitter_.lines_consumed() - lines_before;
      chunk->bytes_consumed = consumed_bytes;
      want_ = options_.chunk_bytes;
      return !chunk->records.empty() || chunk->lines_consumed > 0 || consumed_bytes > 0 ||
             chunk->missing_end != nullptr;
    }
    if (*consumed > 0) continue;  // only blank lines or a byte order mark so far: read on
    // Not one whole record fits: the record is larger than a chunk.
    want_ = std::min(capacity * 2, options_.max_record_bytes);
  }
  return false;
}

}  // namespace aq
