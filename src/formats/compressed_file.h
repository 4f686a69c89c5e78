// CompressedFile: one compressed file in the making. Blocks of text go in,
// each compressed and written to the stream at once, so the compressed size
// is known after every block; Close ends the compressed stream and publishes
// the file. Shared by the files sink's parts and Snowflake's staged parts.
//
// With a CompressionPool, blocks are compressed on its workers while the
// writer goes on; at most `in_flight` blocks wait, and the oldest is written
// as soon as a newer one would exceed that, so bytes() is the same after each
// Write whatever the workers' timing (parts cut on it stay deterministic).
//
// Thread safety: none; one writer thread.
// Ownership: owns its stream; borrows the compressor, which must outlive it
// and serve no other file meanwhile. Destroying an unclosed file abandons it
// (the stream never publishes it).
#pragma once

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include "formats/compression_pool.h"
#include "formats/compressor.h"
#include "io/filesystem.h"

namespace aq {

class CompressedFile {
 public:
  // `in_flight` 0 = one block more than the pool has workers, which keeps each busy while the
  // oldest is written.
  CompressedFile(std::unique_ptr<OutputStream> stream, Compressor* compressor,
                 CompressionPool* pool = nullptr, size_t in_flight = 0)
      : stream_(std::move(stream)),
        compressor_(compressor),
        pool_(pool),
        in_flight_(in_flight > 0 || pool == nullptr ? in_flight : pool->threads() + 1) {
    compressor_->Reset();
  }

  // Compresses `block` and writes the result (with a pool: once `in_flight` newer blocks follow).
  Status Write(std::string_view block);
  // Writes the end of the compressed stream and closes (publishes) the file.
  Status Close();
  // Compressed bytes written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  Status WriteOldest();

  std::unique_ptr<OutputStream> stream_;
  Compressor* compressor_;
  CompressionPool* pool_;
  size_t in_flight_;
  std::deque<std::future<Result<std::string>>> pending_;  // in block order
  bool pooled_any_ = false;
  uint64_t bytes_ = 0;
};

}  // namespace aq
