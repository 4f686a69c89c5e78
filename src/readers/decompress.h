// Transparent decompression of input streams, detected by magic bytes.
//
// gzip (1f 8b, including multi-member files such as those written by pigz or
// by concatenating .gz files) and zstd (28 b5 2f fd) are recognised whatever
// the file is called; anything else passes through unchanged. A truncated or
// corrupt compressed stream is an error (kCorruptInput) naming the file.
//
// Thread safety: a decoded stream is used by one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "io/filesystem.h"

namespace aq {

enum class Compression { kNone, kGzip, kZstd };

const char* CompressionName(Compression c);
Compression DetectCompression(std::string_view head);

// Wraps `raw` so that Read returns decompressed bytes. `name` is used in error messages.
Result<std::unique_ptr<InputStream>> OpenDecoded(std::unique_ptr<InputStream> raw,
                                                 const std::string& name,
                                                 Compression* detected = nullptr);

// A stream that returns `head` first, then continues with `rest` (after peeking at a stream).
std::unique_ptr<InputStream> PrependBytes(std::string head, std::unique_ptr<InputStream> rest);

}  // namespace aq
