#include "formats/compressor.h"

#include <libdeflate.h>
#include <zstd.h>

#include <vector>

namespace aq {
namespace {

constexpr int kGzipDefaultLevel = 6;  // gzip's own default: a good ratio at ~100 MB/s
constexpr int kZstdDefaultLevel =
    3;  // zstd's default: better ratio than gzip -6, several times faster

class GzipCompressor : public Compressor {
 public:
  explicit GzipCompressor(libdeflate_compressor* c) : compressor_(c) {}
  ~GzipCompressor() override { libdeflate_free_compressor(compressor_); }

  void Reset() override { members_ = 0; }

  Result<std::string_view> CompressBlock(std::string_view block) override {
    size_t bound = libdeflate_gzip_compress_bound(compressor_, block.size());
    // A vector, not a string: resize within capacity does not clear the bytes on every block.
    if (out_.size() < bound) out_.resize(bound);
    size_t n =
        libdeflate_gzip_compress(compressor_, block.data(), block.size(), out_.data(), out_.size());
    if (n == 0)
      return Internal("gzip compression of a " + std::to_string(block.size()) +
                      "-byte block failed");
    ++members_;
    return std::string_view(out_.data(), n);
  }

  Result<std::string_view> Finish() override {
    // A file of zero members is not valid gzip: end with one empty member.
    if (members_ == 0) return CompressBlock({});
    return std::string_view();
  }
  bool blocks_are_independent() const override { return true; }

 private:
  libdeflate_compressor* compressor_;
  std::vector<char> out_;
  uint64_t members_ = 0;
};

class ZstdCompressor : public Compressor {
 public:
  explicit ZstdCompressor(ZSTD_CCtx* context) : context_(context) {}
  ~ZstdCompressor() override { ZSTD_freeCCtx(context_); }

  void Reset() override { ZSTD_CCtx_reset(context_, ZSTD_reset_session_only); }

  Result<std::string_view> CompressBlock(std::string_view block) override {
    return Run(block, ZSTD_e_flush);
  }
  Result<std::string_view> Finish() override { return Run({}, ZSTD_e_end); }
  bool blocks_are_independent() const override { return false; }  // one frame per file

 private:
  Result<std::string_view> Run(std::string_view input, ZSTD_EndDirective mode) {
    size_t want = ZSTD_compressBound(input.size()) + ZSTD_CStreamOutSize();
    if (out_.size() < want) out_.resize(want);
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    for (;;) {
      size_t remaining = ZSTD_compressStream2(context_, &out, &in, mode);
      if (ZSTD_isError(remaining))
        return Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining));
      if (remaining == 0 && in.pos == in.size) break;
      if (out.pos == out.size) {  // rare: the bound above did not cover zstd's buffered input
        out_.resize(out_.size() * 2);
        out.dst = out_.data();
        out.size = out_.size();
      }
    }
    return std::string_view(out_.data(), out.pos);
  }

  ZSTD_CCtx* context_;
  std::vector<char> out_;
};

}  // namespace

const char* CodecName(FileCodec codec) { return codec == FileCodec::kGzip ? "gzip" : "zstd"; }
const char* CodecExtension(FileCodec codec) { return codec == FileCodec::kGzip ? ".gz" : ".zst"; }

Result<FileCodec> ParseFileCodec(std::string_view name) {
  if (name == "gzip" || name == "gz") return FileCodec::kGzip;
  if (name == "zstd" || name == "zst") return FileCodec::kZstd;
  return InvalidArgument("unknown --compression '" + std::string(name) + "': use gzip or zstd");
}

Result<std::unique_ptr<Compressor>> Compressor::Make(FileCodec codec, int level) {
  if (codec == FileCodec::kGzip) {
    if (level == -1) level = kGzipDefaultLevel;
    if (level < 0 || level > 12) {
      return InvalidArgument("gzip compression level " + std::to_string(level) +
                             " is out of range (0-12)");
    }
    libdeflate_compressor* c = libdeflate_alloc_compressor(level);
    if (c == nullptr) return Internal("cannot allocate a gzip compressor (out of memory?)");
    return std::unique_ptr<Compressor>(std::make_unique<GzipCompressor>(c));
  }
  if (level == -1) level = kZstdDefaultLevel;
  if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
    return InvalidArgument("zstd compression level " + std::to_string(level) +
                           " is out of range (" + std::to_string(ZSTD_minCLevel()) + " to " +
                           std::to_string(ZSTD_maxCLevel()) + ")");
  }
  ZSTD_CCtx* context = ZSTD_createCCtx();
  if (context == nullptr) return Internal("cannot allocate a zstd compressor (out of memory?)");
  auto compressor = std::make_unique<ZstdCompressor>(context);
  size_t rc = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
  // The frame checksum lets a reader tell a damaged part from a good one, for ~1% of the time.
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  if (ZSTD_isError(rc))
    return Internal(std::string("cannot configure zstd: ") + ZSTD_getErrorName(rc));
  return std::unique_ptr<Compressor>(std::move(compressor));
}

}  // namespace aq
