// CompressedFile: one compressed file in the making. Blocks of text go in,
// each compressed and written to the stream at once, so the compressed size
// is known after every block; Close ends the compressed stream and publishes
// the file. Shared by the files sink's parts and Snowflake's staged parts.
//
// Thread safety: none; one writer thread.
// Ownership: owns its stream; borrows the compressor, which must outlive it
// and serve no other file meanwhile. Destroying an unclosed file abandons it
// (the stream never publishes it).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "formats/compressor.h"
#include "io/filesystem.h"

namespace aq {

class CompressedFile {
 public:
  CompressedFile(std::unique_ptr<OutputStream> stream, Compressor* compressor)
      : stream_(std::move(stream)), compressor_(compressor) {
    compressor_->Reset();
  }

  // Compresses `block` and writes the result.
  Status Write(std::string_view block);
  // Writes the end of the compressed stream and closes (publishes) the file.
  Status Close();
  // Compressed bytes written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  std::unique_ptr<OutputStream> stream_;
  Compressor* compressor_;
  uint64_t bytes_ = 0;
};

}  // namespace aq
