// The byte streams of S3FileSystem (see filesystem.h for their contracts).
//
// Thread safety: one thread at a time per stream.
// Ownership: borrow the S3Client, which must outlive them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clients/aws/s3_client.h"
#include "clients/aws/s3_uri.h"
#include "io/filesystem.h"

namespace aq::s3 {

// Reads [begin, end) of one object, resuming after dropped connections.
class S3InputStream : public InputStream {
 public:
  S3InputStream(aws::S3Client* client, aws::S3Location location, std::string etag, uint64_t begin,
                uint64_t end);
  Result<size_t> Read(char* buffer, size_t capacity) override;

 private:
  aws::S3Client* client_;
  aws::S3Location location_;
  std::string etag_;
  uint64_t next_;  // first byte not yet delivered
  uint64_t end_;   // exclusive
  std::unique_ptr<http::HttpStream> body_;
};

// Buffers, then uploads in parts; see S3FileSystem::OpenWrite.
class S3OutputStream : public OutputStream {
 public:
  S3OutputStream(aws::S3Client* client, aws::S3Location location, size_t part_size);
  ~S3OutputStream() override;
  Status Write(std::string_view bytes) override;
  Status Close() override;

 private:
  Status UploadBuffered();
  Status Fail(Status status);

  aws::S3Client* client_;
  aws::S3Location location_;
  size_t part_size_;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> part_etags_;
  bool closed_ = false;
  Status failed_;
};

}  // namespace aq::s3
