// Helpers shared by the unit tests: temporary directories, files, in-memory
// streams, and running the flattener over a JSON string.
//
// Thread safety: test code, single-threaded unless a test says otherwise.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "io/filesystem.h"
#include "normalize/column_registry.h"
#include "normalize/flattener.h"
#include "normalize/record_batch.h"
#include "readers/chunk_reader.h"

namespace aq::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("aqpipe-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// The checkout the tests read their data files from: ctest sets AQPIPE_SOURCE_DIR (a run time
// setting, so the test objects do not embed the checkout's path and ccache can share them).
inline std::string SourceDir() {
  const char* dir = std::getenv("AQPIPE_SOURCE_DIR");
  return dir && *dir ? dir : ".";
}

inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// An InputStream over bytes in memory that returns at most `max_read` bytes per Read, so tests
// exercise short reads.
class StringStream : public InputStream {
 public:
  explicit StringStream(std::string data, size_t max_read = SIZE_MAX)
      : data_(std::move(data)), max_read_(max_read) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t n = std::min({capacity, data_.size() - pos_, max_read_});
    if (n > 0) std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
  size_t max_read_;
};

inline std::unique_ptr<InputStream> MakeStream(std::string data, size_t max_read = SIZE_MAX) {
  return std::make_unique<StringStream>(std::move(data), max_read);
}

// Reads `stream` to its end; returns the bytes or the first error.
inline Result<std::string> Drain(InputStream& stream, size_t block = 4096) {
  std::string out;
  std::vector<char> buffer(block);
  for (;;) {
    AQ_ASSIGN_OR_RETURN(size_t n, stream.Read(buffer.data(), buffer.size()));
    if (n == 0) return out;
    out.append(buffer.data(), n);
  }
}

// One gzip member holding `text`.
inline std::string Gzip(std::string_view text) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One zstd frame holding `text`, with its content size and checksum.
inline std::string Zstd(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

// A record's text followed by kBufferPadding bytes, as the flattener requires.
class PaddedRecord {
 public:
  explicit PaddedRecord(std::string_view json) : bytes_(json) {
    bytes_.append(kBufferPadding, ' ');
    size_ = json.size();
  }
  std::string_view view() const { return {bytes_.data(), size_}; }

 private:
  std::string bytes_;
  size_t size_;
};

// Flattens JSON records into one batch. The padded copies live as long as the helper, since
// cells point into them.
class FlattenHelper {
 public:
  explicit FlattenHelper(std::vector<std::string> keys = {}, int max_depth = kDefaultMaxDepth)
      : registry_(std::move(keys)), flattener_(&registry_, max_depth) {}

  // Adds one record to the current batch.
  void Add(std::string_view json) {
    records_.push_back(std::make_unique<PaddedRecord>(json));
    std::string_view text = records_.back()->view();
    flattener_.Add(text, RecordRef{line_, line_, text}, batch_.get());
    ++line_;
  }
  // Takes the batch built so far and starts a new one.
  std::unique_ptr<RecordBatch> TakeBatch() {
    auto batch = std::move(batch_);
    batch_ = std::make_unique<RecordBatch>();
    return batch;
  }
  RecordBatch& batch() { return *batch_; }
  ColumnRegistry& registry() { return registry_; }
  Flattener& flattener() { return flattener_; }

  // The dotted path of a cell's column.
  std::string PathOf(const Cell& cell) { return registry_.Get(cell.column).dotted_path; }
  std::string NameOf(const Cell& cell) { return registry_.Get(cell.column).base_name; }

 private:
  ColumnRegistry registry_;
  Flattener flattener_;
  std::vector<std::unique_ptr<PaddedRecord>> records_;
  std::unique_ptr<RecordBatch> batch_ = std::make_unique<RecordBatch>();
  uint64_t line_ = 0;
};

// Decompresses a whole zstd stream; a truncated or corrupt one fails the calling test.
inline std::string Unzstd(const std::string& data) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string out;
  std::vector<char> buffer(ZSTD_DStreamOutSize());
  size_t rc = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    rc = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(rc)) break;
    out.append(buffer.data(), o.pos);
  }
  ZSTD_freeDCtx(dctx);
  EXPECT_EQ(rc, 0u) << "zstd frame incomplete or corrupt";
  return out;
}

}  // namespace aq::testing
