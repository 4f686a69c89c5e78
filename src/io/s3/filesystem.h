// S3FileSystem: FileSystem over S3 (paths "s3://bucket/key").
//
// List pages through ListObjectsV2; a prefix that names one object lists
// just it, otherwise it is read as a folder ("raw/open_aq" lists
// "raw/open_aq/..."). Keys ending in '/' (folder markers) and names starting
// with '.' are skipped, as for local files.
//
// OpenRead streams a ranged GET with bounded buffering (objects can be
// GBs). When a connection drops mid-body, Read resumes with a new ranged GET
// from the first byte not yet delivered, pinned to the object's ETag, so a
// resumed read neither repeats nor loses a byte nor mixes two versions.
//
// OpenWrite buffers up to kPartSize in memory; beyond that it switches to a
// multipart upload with parts of kPartSize or more. Close completes the
// upload (or PUTs a small object); destroying an unclosed stream aborts it.
//
// Thread safety: all FileSystem methods may be called concurrently; streams
// by one thread at a time. Ownership: streams must not outlive the file system.
#pragma once

#include <memory>

#include "clients/aws/aws_session.h"
#include "clients/aws/s3_client.h"
#include "io/filesystem.h"

namespace aq {

class S3FileSystem : public FileSystem {
 public:
  static constexpr size_t kPartSize = 8 << 20;

  explicit S3FileSystem(std::shared_ptr<aws::AwsSession> session);

  using FileSystem::List;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                       std::vector<std::string>* passed_over) override;
  Result<ObjectInfo> Stat(const std::string& path) override;
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& object, uint64_t offset,
                                                uint64_t length) override;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;

  aws::S3Client& client() { return client_; }

 private:
  aws::S3Client client_;
};

// An S3 file system on AwsSession::Shared(): what the CLI registers for "s3".
Result<std::unique_ptr<FileSystem>> MakeS3FileSystem();
// An S3 file system on the given session (shared with --secret lookups).
Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(std::shared_ptr<aws::AwsSession> session);
// An S3 file system configured from `config` (its own session).
Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(aws::AwsConfig config);

}  // namespace aq
