#include "formats/compressed_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sinks/files/test_util.h"

namespace aq {
namespace {

// Keeps what is written; fails every write after `fail_after` of them.
class StringStream : public OutputStream {
 public:
  StringStream(std::string* out, size_t fail_after) : out_(out), fail_after_(fail_after) {}
  Status Write(std::string_view bytes) override {
    if (writes_++ >= fail_after_) return IoError("injected write failure");
    out_->append(bytes);
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }

 private:
  std::string* out_;
  size_t fail_after_;
  size_t writes_ = 0;
};

std::vector<std::string> Blocks(int count) {
  std::vector<std::string> blocks;
  for (int b = 0; b < count; ++b) {
    std::string block;
    for (int i = 0; i < 2000 + b * 37; ++i) block += std::to_string(b * 7919 + i) + ",pm25,1.5\n";
    blocks.push_back(block);
  }
  return blocks;
}

// The bytes of one file of `blocks`, and the compressed size seen after each Write.
std::string WriteFile(const std::vector<std::string>& blocks, CompressionPool* pool,
                      std::vector<uint64_t>* sizes) {
  auto compressor = Compressor::Make(FileCodec::kGzip, -1);
  EXPECT_TRUE(compressor.ok());
  std::string out;
  CompressedFile file(std::make_unique<StringStream>(&out, SIZE_MAX), compressor->get(), pool);
  for (const auto& block : blocks) {
    EXPECT_TRUE(file.Write(block).ok());
    sizes->push_back(file.bytes());
  }
  EXPECT_TRUE(file.Close().ok());
  return out;
}

TEST(CompressedFileTest, PooledGzipIsByteForByteTheSerialFile) {
  auto pool = CompressionPool::Make(FileCodec::kGzip, -1, 3);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  std::vector<std::string> blocks = Blocks(12);
  std::vector<uint64_t> serial_sizes, pooled_sizes, again_sizes;
  std::string serial = WriteFile(blocks, nullptr, &serial_sizes);
  std::string pooled = WriteFile(blocks, pool->get(), &pooled_sizes);
  EXPECT_EQ(pooled, serial);
  int members = 0;
  std::string all;
  for (const auto& block : blocks) all += block;
  EXPECT_EQ(files_test::Gunzip(pooled, &members), all);
  EXPECT_EQ(members, 12);
  // The size known after each Write lags by the blocks in flight, the same way every time.
  WriteFile(blocks, pool->get(), &again_sizes);
  EXPECT_EQ(pooled_sizes, again_sizes);
  EXPECT_EQ(pooled_sizes[3], 0u);  // 4 blocks in flight: none written yet
  EXPECT_EQ(pooled_sizes[4], serial_sizes[0]);
}

TEST(CompressedFileTest, PooledFileWithNoBlockIsStillValidGzip) {
  auto pool = CompressionPool::Make(FileCodec::kGzip, -1, 2);
  ASSERT_TRUE(pool.ok());
  std::vector<uint64_t> sizes;
  std::string file = WriteFile({}, pool->get(), &sizes);
  int members = 0;
  EXPECT_EQ(files_test::Gunzip(file, &members), "");
  EXPECT_EQ(members, 1);
}

TEST(CompressedFileTest, WriteFailureOfAPooledBlockIsReturned) {
  auto pool = CompressionPool::Make(FileCodec::kGzip, -1, 2);
  ASSERT_TRUE(pool.ok());
  auto compressor = Compressor::Make(FileCodec::kGzip, -1);
  ASSERT_TRUE(compressor.ok());
  std::string out;
  CompressedFile file(std::make_unique<StringStream>(&out, 1), compressor->get(), pool->get(), 3);
  Status status;
  for (const auto& block : Blocks(8)) {
    status = file.Write(block);
    if (!status.ok()) break;
  }
  if (status.ok()) status = file.Close();
  EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
}

TEST(CompressedFileTest, AbandoningAFileWithBlocksInFlightIsSafe) {
  auto pool = CompressionPool::Make(FileCodec::kGzip, -1, 2);
  ASSERT_TRUE(pool.ok());
  auto compressor = Compressor::Make(FileCodec::kGzip, -1);
  ASSERT_TRUE(compressor.ok());
  std::string out;
  {
    CompressedFile file(std::make_unique<StringStream>(&out, SIZE_MAX), compressor->get(),
                        pool->get(), 8);
    for (const auto& block : Blocks(6)) ASSERT_TRUE(file.Write(block).ok());
  }  // destroyed unclosed, its six blocks still queued or running
  EXPECT_TRUE(out.empty());
  std::vector<uint64_t> sizes;
  EXPECT_FALSE(WriteFile(Blocks(2), pool->get(), &sizes).empty());  // the pool still works
}

TEST(CompressedFileTest, ZstdCannotBePooled) {
  auto pool = CompressionPool::Make(FileCodec::kZstd, -1, 2);
  EXPECT_FALSE(pool.ok());
}

}  // namespace
}  // namespace aq
