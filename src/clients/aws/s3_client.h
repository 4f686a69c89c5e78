// S3Client: the S3 REST calls aqpipe needs, signed with SigV4.
//
// Addressing: virtual-host style (bucket.s3.region.amazonaws.com) against
// AWS, path style against an overridden endpoint (AWS_ENDPOINT_URL[_S3]) and
// for bucket names with dots. A wrong-region answer (301 PermanentRedirect,
// or 400 with x-amz-bucket-region) is followed once with the bucket's region,
// which is then remembered; with an overridden endpoint it is explained.
//
// Errors name the bucket/key, and access denials name the caller's identity
// (STS GetCallerIdentity) and the permission the call needs.
//
// Thread safety: all methods may be called concurrently.
// Ownership: shares the AwsSession. A stream from GetObject must not outlive the client.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "clients/aws/aws_session.h"
#include "clients/http/http_client.h"

namespace aq::aws {

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string etag;  // without quotes
};

struct S3ListPage {
  std::vector<S3Object> objects;
  std::string next_continuation_token;  // empty on the last page
};

class S3Client {
 public:
  explicit S3Client(std::shared_ptr<AwsSession> session);

  Result<S3ListPage> ListObjectsV2(const std::string& bucket, const std::string& prefix,
                                   const std::string& continuation_token, int max_keys = 1000);
  Result<S3Object> HeadObject(const std::string& bucket, const std::string& key);
  // Bytes [offset, offset + length) of the object (length UINT64_MAX: to the
  // end), streamed. A non-empty `if_match` ETag makes S3 refuse the read if
  // the object changed (412), so a resumed read never mixes two versions.
  Result<std::unique_ptr<http::HttpStream>> GetObject(const std::string& bucket,
                                                      const std::string& key, uint64_t offset,
                                                      uint64_t length, const std::string& if_match);
  Status PutObject(const std::string& bucket, const std::string& key, std::string_view body);
  Result<std::string> CreateMultipartUpload(const std::string& bucket, const std::string& key);
  // Returns the part's ETag (quoted, as Complete wants it back).
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 std::string_view body);
  Status CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id,
                                 const std::vector<std::string>& part_etags);
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);
  Status DeleteObject(const std::string& bucket, const std::string& key);

  AwsSession& session() { return *session_; }
  // The URL a request for bucket/key goes to (for messages and aws-check).
  std::string ObjectUrl(const std::string& bucket, const std::string& key);

 private:
  struct Call;
  Result<http::HttpRequest> Prepare(const Call& call, const std::string& region);
  Result<http::HttpResponse> Execute(const Call& call);
  Result<std::unique_ptr<http::HttpStream>> ExecuteStream(const Call& call);
  // Whether `response` is a wrong-region answer worth one more try; updates the region cache.
  bool LearnRegion(const std::string& bucket, const std::string& used_region,
                   const http::HttpResponse& response);
  Status ErrorFor(const Call& call, const http::HttpResponse& response,
                  const std::string& used_region);
  std::string RegionFor(const std::string& bucket);

  std::shared_ptr<AwsSession> session_;
  std::mutex mu_;
  std::map<std::string, std::string> bucket_regions_;
};

// The ETag S3 gives an object completed from parts with these ETags:
// hex MD5 of the parts' binary MD5s, then "-<count>".
std::string MultipartEtag(const std::vector<std::string>& part_etags);

}  // namespace aq::aws
