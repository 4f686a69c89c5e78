#include "io/s3/filesystem.h"

#include <algorithm>
#include <thread>

#include "clients/aws/s3_uri.h"
#include "io/s3/streams.h"

namespace aq {
namespace {

// A key below the listed prefix is hidden when its name or a folder on the way starts with '.'
// (as local files are): "x/.cache/a.json", ".a.json".
bool Hidden(std::string_view relative_key) {
  for (size_t start = 0;;) {
    size_t slash = relative_key.find('/', start);
    std::string_view name = relative_key.substr(start, slash - start);
    if (slash == std::string_view::npos) return name.empty() || name.front() == '.';
    if (name.starts_with('.')) return true;
    start = slash + 1;
  }
}

}  // namespace

S3FileSystem::S3FileSystem(std::shared_ptr<aws::AwsSession> session)
    : client_(std::move(session)) {}

Result<std::vector<ObjectInfo>> S3FileSystem::List(const std::string& prefix,
                                                   std::vector<std::string>* /*passed_over*/) {
  AQ_ASSIGN_OR_RETURN(aws::S3Location location, aws::ParseS3Uri(prefix));
  bool folder = location.key.empty() || location.key.back() == '/';
  std::vector<ObjectInfo> all;
  std::string token;
  for (int page = 0;; ++page) {
    AQ_ASSIGN_OR_RETURN(aws::S3ListPage listed,
                        client_.ListObjectsV2(location.bucket, location.key, token));
    for (auto& object : listed.objects) {
      if (object.key.empty() || object.key.back() == '/') continue;
      all.push_back({"s3://" + location.bucket + "/" + object.key, object.size, object.etag});
    }
    if (listed.next_continuation_token.empty()) break;
    if (listed.next_continuation_token == token) {
      return IoError("listing " + prefix + ": S3 returned the same continuation token twice");
    }
    token = std::move(listed.next_continuation_token);
  }
  std::vector<ObjectInfo> out;
  const std::string exact = "s3://" + location.bucket + "/" + location.key;
  for (auto& object : all) {
    if (!folder && object.path == exact) return std::vector<ObjectInfo>{object};
  }
  const std::string under = folder ? exact : exact + "/";
  for (auto& object : all) {
    if (object.path.compare(0, under.size(), under) != 0) continue;
    if (Hidden(std::string_view(object.path).substr(under.size()))) continue;
    out.push_back(std::move(object));
  }
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
  return out;
}

Result<ObjectInfo> S3FileSystem::Stat(const std::string& path) {
  AQ_ASSIGN_OR_RETURN(aws::S3Location location, aws::ParseS3Uri(path));
  if (location.key.empty()) return InvalidArgument(path + " names a bucket, not an object");
  AQ_ASSIGN_OR_RETURN(aws::S3Object object, client_.HeadObject(location.bucket, location.key));
  return ObjectInfo{path, object.size, object.etag};
}

Result<std::unique_ptr<InputStream>> S3FileSystem::OpenRead(const ObjectInfo& object,
                                                            uint64_t offset, uint64_t length) {
  AQ_ASSIGN_OR_RETURN(aws::S3Location location, aws::ParseS3Uri(object.path));
  ObjectInfo info = object;
  if (info.version.empty()) {
    // Not from List or Stat: learn the size and ETag first, so reads can be pinned.
    AQ_ASSIGN_OR_RETURN(info, Stat(object.path));
  }
  uint64_t end = length == kToEnd || length > info.size - std::min(offset, info.size)
                     ? info.size
                     : offset + length;
  return std::unique_ptr<InputStream>(std::make_unique<s3::S3InputStream>(
      &client_, std::move(location), info.version, std::min(offset, info.size), end));
}

Result<std::unique_ptr<OutputStream>> S3FileSystem::OpenWrite(const std::string& path) {
  AQ_ASSIGN_OR_RETURN(aws::S3Location location, aws::ParseS3Uri(path));
  if (location.key.empty() || location.key.back() == '/') {
    return InvalidArgument("cannot write to " + path +
                           ": it names a bucket or folder, not an object");
  }
  return std::unique_ptr<OutputStream>(
      std::make_unique<s3::S3OutputStream>(&client_, std::move(location), kPartSize));
}

Status S3FileSystem::Delete(const std::string& path) {
  AQ_ASSIGN_OR_RETURN(aws::S3Location location, aws::ParseS3Uri(path));
  return client_.DeleteObject(location.bucket, location.key);
}

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(std::shared_ptr<aws::AwsSession> session) {
  return std::unique_ptr<FileSystem>(std::make_unique<S3FileSystem>(std::move(session)));
}

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem() {
  AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Shared());
  return MakeS3FileSystem(std::move(session));
}

Result<std::unique_ptr<FileSystem>> MakeS3FileSystem(aws::AwsConfig config) {
  AQ_ASSIGN_OR_RETURN(auto session, aws::AwsSession::Create(std::move(config)));
  return MakeS3FileSystem(std::move(session));
}

}  // namespace aq
