#include "readers/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

namespace aq {
namespace {

constexpr size_t kInputBufferBytes = 256 * 1024;

// Replays the few bytes read to sniff the format, then continues from `inner`.
class ReplayStream : public InputStream {
 public:
  ReplayStream(std::unique_ptr<InputStream> inner, std::string head)
      : inner_(std::move(inner)), head_(std::move(head)) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (pos_ < head_.size()) {
      size_t n = std::min(capacity, head_.size() - pos_);
      std::memcpy(buffer, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->Read(buffer, capacity);
  }

 private:
  std::unique_ptr<InputStream> inner_;
  std::string head_;
  size_t pos_ = 0;
};

class GzipStream : public InputStream {
 public:
  GzipStream(std::unique_ptr<InputStream> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(kInputBufferBytes) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 16 + MAX_WBITS);
  }
  ~GzipStream() override { inflateEnd(&z_); }

  Result<size_t> Read(char* buffer, size_t capacity) override {
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, UINT32_MAX));
    while (z_.avail_out == capacity && !done_) {
      if (z_.avail_in == 0) {
        AQ_ASSIGN_OR_RETURN(size_t n, inner_->Read(in_.data(), in_.size()));
        if (n == 0) {
          if (!at_member_boundary_) {
            return CorruptInput(name_ + ": gzip data is truncated (the file ends mid-stream); " +
                                "re-download or re-compress it");
          }
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(n);
      }
      if (at_member_boundary_ && z_.avail_in > 0) at_member_boundary_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Another gzip member may follow (concatenated .gz files are valid gzip).
        inflateReset(&z_);
        at_member_boundary_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return CorruptInput(name_ + ": corrupt gzip data (" + (z_.msg ? z_.msg : "inflate failed") +
                            "); re-download or re-compress it");
      }
    }
    return capacity - z_.avail_out;
  }

 private:
  std::unique_ptr<InputStream> inner_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_;
  bool at_member_boundary_ = false;
  bool done_ = false;
};

class ZstdStream : public InputStream {
 public:
  ZstdStream(std::unique_ptr<InputStream> inner, std::string name)
      : inner_(std::move(inner)),
        name_(std::move(name)),
        in_(kInputBufferBytes),
        ctx_(ZSTD_createDCtx()) {}
  ~ZstdStream() override { ZSTD_freeDCtx(ctx_); }

  Result<size_t> Read(char* buffer, size_t capacity) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0 && !done_) {
      if (input_.pos == input_.size) {
        AQ_ASSIGN_OR_RETURN(size_t n, inner_->Read(in_.data(), in_.size()));
        if (n == 0) {
          if (frame_open_) {
            return CorruptInput(name_ + ": zstd data is truncated (the file ends mid-frame); " +
                                "re-download or re-compress it");
          }
          done_ = true;
          break;
        }
        input_ = ZSTD_inBuffer{in_.data(), n, 0};
      }
      size_t rc = ZSTD_decompressStream(ctx_, &out, &input_);
      if (ZSTD_isError(rc)) {
        return CorruptInput(name_ + ": corrupt zstd data (" + ZSTD_getErrorName(rc) +
                            "); re-download or re-compress it");
      }
      frame_open_ = rc != 0;
    }
    return out.pos;
  }

 private:
  std::unique_ptr<InputStream> inner_;
  std::string name_;
  std::vector<char> in_;
  ZSTD_DCtx* ctx_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool frame_open_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<InputStream> PrependBytes(std::string head, std::unique_ptr<InputStream> rest) {
  return std::make_unique<ReplayStream>(std::move(rest), std::move(head));
}

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
    case Compression::kNone:
      break;
  }
  return "none";
}

Compression DetectCompression(std::string_view head) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return Compression::kGzip;
  if (head.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f &&
      byte(3) == 0xfd) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

Result<std::unique_ptr<InputStream>> OpenDecoded(std::unique_ptr<InputStream> raw,
                                                 const std::string& name, Compression* detected) {
  std::string head(4, '\0');
  size_t have = 0;
  while (have < head.size()) {
    AQ_ASSIGN_OR_RETURN(size_t n, raw->Read(head.data() + have, head.size() - have));
    if (n == 0) break;
    have += n;
  }
  head.resize(have);
  Compression compression = DetectCompression(head);
  if (detected) *detected = compression;
  auto replay = std::make_unique<ReplayStream>(std::move(raw), std::move(head));
  switch (compression) {
    case Compression::kGzip:
      return std::unique_ptr<InputStream>(std::make_unique<GzipStream>(std::move(replay), name));
    case Compression::kZstd:
      return std::unique_ptr<InputStream>(std::make_unique<ZstdStream>(std::move(replay), name));
    case Compression::kNone:
      break;
  }
  return std::unique_ptr<InputStream>(std::move(replay));
}

}  // namespace aq
