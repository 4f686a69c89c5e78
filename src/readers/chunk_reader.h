// ChunkReader: turns one decoded byte stream into chunks of whole records,
// each chunk a padded buffer (ready for simdjson) plus where each record is.
//
// A chunk holds about `chunk_bytes` of input, so memory stays bounded whatever
// the file size; a record larger than a chunk grows the buffer, up to
// `max_record_bytes`. A record larger than that comes out cut to that size and
// marked SpanProblem::kTooLarge (whatever the chunk size), and reading goes on
// after it. For a byte range of a JSON Lines file (a large file read
// in parallel), the reader owns the lines that start inside its range.
//
// Thread safety: one reader per stream, used by one thread.
// Ownership: chunks share their buffer; record views stay valid while the chunk lives.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/filesystem.h"
#include "readers/record_splitter.h"

namespace aq {

struct ChunkReaderOptions {
  size_t chunk_bytes = 4 << 20;
  size_t max_record_bytes = 64 << 20;
};

// Bytes of readable slack after the data, as simdjson requires.
inline constexpr size_t kBufferPadding = 64;

struct PaddedBuffer {
  std::unique_ptr<char[]> data;
  size_t size = 0;
};

struct Chunk {
  std::shared_ptr<PaddedBuffer> buffer;
  std::vector<RecordSpan> records;  // lines and indexes relative to the start of the stream/range
  uint64_t lines_consumed = 0;      // newlines in this chunk's consumed bytes
  uint64_t bytes_consumed = 0;      // decoded bytes this chunk consumed
  // On the last chunk of a file that ends inside its array or envelope: what it lacks (see
  // RecordSplitter::missing_end). The file is incomplete.
  const char* missing_end = nullptr;

  std::string_view text(const RecordSpan& r) const {
    return {buffer->data.get() + r.offset, r.length};
  }
};

class ChunkReader {
 public:
  // `skip_partial_first_line`: the stream starts one byte before a range of a JSON Lines file;
  // drop everything through the first newline (that line belongs to the previous range).
  // `line_start_limit`: lines starting this many bytes after the range start (one byte after the
  // stream start when skipping) belong to the next range.
  ChunkReader(std::unique_ptr<InputStream> stream, std::string name, RecordFormat format,
              ChunkReaderOptions options, bool skip_partial_first_line = false,
              uint64_t line_start_limit = UINT64_MAX);

  // Fills *chunk with the next records; returns false once the stream is exhausted.
  Result<bool> Next(Chunk* chunk);

 private:
  Result<size_t> Fill(char* dst, size_t want, bool* eof);
  Result<uint64_t> SkipFirstLine();  // returns the bytes discarded

  std::unique_ptr<InputStream> stream_;
  std::string name_;
  RecordSplitter splitter_;
  ChunkReaderOptions options_;
  bool skip_first_line_;
  std::string carry_;  // bytes after the last complete record, kept for the next chunk
  size_t want_;
  uint64_t line_start_limit_;
  bool eof_ = false;
  bool done_ = false;
};

}  // namespace aq
