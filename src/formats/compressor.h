// Compressor: turns blocks of CSV text into the bytes of a compressed part file.
//
// gzip: every block becomes its own gzip member, compressed in one call by
// libdeflate (much faster than zlib, but whole-buffer only). Concatenated
// members are one valid gzip file (RFC 1952 section 2.2), which gzip, zcat,
// zlib, Snowflake and PostgreSQL's `PROGRAM 'gzip -dc'` all read.
// zstd: one streaming frame per part (ZSTD_compressStream2), flushed at the
// end of every block so the compressed size is known exactly after each block.
//
// Memory is bounded by the block size: the caller keeps one block of CSV, the
// compressor one block's worth of output.
//
// Thread safety: none; one compressor per sink. Ownership: the caller owns it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aq {

enum class FileCodec { kGzip, kZstd };

const char* CodecName(FileCodec codec);       // "gzip", "zstd" (the manifest's "compression")
const char* CodecExtension(FileCodec codec);  // ".gz", ".zst"
// "gzip"/"gz" or "zstd"/"zst", as given to --compression.
Result<FileCodec> ParseFileCodec(std::string_view name);

class Compressor {
 public:
  // `level` -1 picks the codec's default (gzip 6, zstd 3); others are checked against the codec.
  static Result<std::unique_ptr<Compressor>> Make(FileCodec codec, int level);
  virtual ~Compressor() = default;

  // Starts a new compressed file; forgets any unfinished one.
  virtual void Reset() = 0;
  // Compresses `block`; the result (possibly empty) is valid until the next call.
  virtual Result<std::string_view> CompressBlock(std::string_view block) = 0;
  // Ends the file: the bytes that complete it (possibly empty).
  virtual Result<std::string_view> Finish() = 0;
  // Whether each block's bytes stand alone (gzip members), so blocks may be compressed apart by
  // other Compressors of the codec and concatenated (CompressionPool).
  virtual bool blocks_are_independent() const = 0;
};

}  // namespace aq
