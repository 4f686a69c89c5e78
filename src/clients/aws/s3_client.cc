#include "clients/aws/s3_client.h"

#include <openssl/evp.h>

#include "clients/aws/aws_error.h"
#include "clients/aws/crypto.h"
#include "clients/aws/sigv4.h"
#include "clients/aws/xml.h"

namespace aq::aws {

struct S3Client::Call {
  std::string method = "GET";
  std::string bucket;
  std::string key;
  http::QueryParams query;
  http::Headers headers;
  std::string_view body;
  http::RetrySafety retry_safety = http::RetrySafety::kByMethod;
  std::string what;        // "reading s3://b/k", for messages
  std::string permission;  // "s3:GetObject on arn:aws:s3:::b/k"
};

namespace {

std::string Unquote(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return etag;
}

std::string Arn(const std::string& bucket, const std::string& key) {
  return "arn:aws:s3:::" + bucket + (key.empty() ? "" : "/" + key);
}

bool IsSuccess(long status) { return status >= 200 && status < 300; }

}  // namespace

std::string MultipartEtag(const std::vector<std::string>& part_etags) {
  std::string digests;
  for (const auto& etag : part_etags) {
    std::string hex = Unquote(etag);
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      digests.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
  }
  unsigned char md5[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(digests.data(), digests.size(), md5, &length, EVP_md5(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(md5), length)) + "-" +
         std::to_string(part_etags.size());
}

S3Client::S3Client(std::shared_ptr<AwsSession> session) : session_(std::move(session)) {}

std::string S3Client::RegionFor(const std::string& bucket) {
  std::lock_guard lock(mu_);
  auto it = bucket_regions_.find(bucket);
  return it == bucket_regions_.end() ? session_->config().region : it->second;
}

std::string S3Client::ObjectUrl(const std::string& bucket, const std::string& key) {
  const std::string& endpoint = session_->config().s3_endpoint;
  std::string path = http::UriEncode(key, /*keep_slash=*/true);
  if (!endpoint.empty()) return endpoint + "/" + bucket + "/" + path;
  std::string region = RegionFor(bucket);
  // Dotted names break TLS wildcard certificates under virtual-host style.
  if (bucket.find('.') != std::string::npos) {
    return "https://s3." + region + ".amazonaws.com/" + bucket + "/" + path;
  }
  return "https://" + bucket + ".s3." + region + ".amazonaws.com/" + path;
}

Result<http::HttpRequest> S3Client::Prepare(const Call& call, const std::string& region) {
  http::HttpRequest request;
  request.method = call.method;
  request.url = ObjectUrl(call.bucket, call.key);
  if (!call.query.empty()) request.url += "?" + http::BuildQuery(call.query);
  request.headers = call.headers;
  request.body = call.body;
  request.retry_safety = call.retry_safety;
  AQ_ASSIGN_OR_RETURN(AwsCredentials credentials, session_->credentials().Get());
  SignOptions options;
  options.region = region;
  options.service = "s3";
  options.payload_hash = call.body.empty() ? std::string(kEmptySha256) : Sha256Hex(call.body);
  AQ_RETURN_IF_ERROR(SignRequest(request, credentials, options));
  return request;
}

bool S3Client::LearnRegion(const std::string& bucket, const std::string& used_region,
                           const http::HttpResponse& response) {
  if (response.status != 301 && response.status != 307 && response.status != 400) return false;
  if (!session_->config().s3_endpoint.empty()) return false;  // nowhere else to go
  auto region = http::FindHeader(response.headers, "x-amz-bucket-region");
  if (!region && response.status == 400) region = xml::Text(response.body, "Region");
  if (!region || *region == used_region || !IsValidRegion(*region)) return false;
  std::lock_guard lock(mu_);
  bucket_regions_[bucket] = *region;
  return true;
}

Status S3Client::ErrorFor(const Call& call, const http::HttpResponse& response,
                          const std::string& used_region) {
  AwsError error = ParseAwsError(response);
  ErrorKind kind = ClassifyAwsError(error);
  if (kind == ErrorKind::kAccessDenied) {
    return AwsErrorStatus(
        error, call.what, session_->DescribeCaller(),
        "the identity needs " + call.permission + " (or use another profile/role)");
  }
  if (kind == ErrorKind::kNotFound) {
    if (error.code == "NoSuchBucket") {
      return NotFound("no such bucket '" + call.bucket + "' (" + call.what +
                      "); check the bucket name and the account/endpoint in use");
    }
    if (error.code == "NoSuchKey" || (call.method == "HEAD" && error.code == "NotFound")) {
      return NotFound("no such key: s3://" + call.bucket + "/" + call.key + " (" + call.what + ")");
    }
    if (error.code == "NoSuchUpload") {
      return NotFound("multipart upload of s3://" + call.bucket + "/" + call.key +
                      " no longer exists (" + call.what + ")");
    }
  }
  if (kind == ErrorKind::kRedirect) {
    std::string region =
        http::FindHeader(response.headers, "x-amz-bucket-region").value_or("another region");
    return FailedPrecondition("bucket " + call.bucket + " is in " + region + ", but the request (" +
                              call.what + ") went to " + ObjectUrl(call.bucket, call.key) +
                              " signed for " + used_region + "; set AWS_REGION=" + region +
                              " or point AWS_ENDPOINT_URL_S3 at that region");
  }
  if (error.code == "PreconditionFailed") {
    return FailedPrecondition("s3://" + call.bucket + "/" + call.key +
                              " changed while it was being read (" + call.what + "); run again");
  }
  return AwsErrorStatus(error, call.what);
}

Result<http::HttpResponse> S3Client::Execute(const Call& call) {
  for (int hop = 0;; ++hop) {
    std::string region = RegionFor(call.bucket);
    AQ_ASSIGN_OR_RETURN(http::HttpRequest request, Prepare(call, region));
    auto response = session_->http().Send(request);
    if (!response.ok()) return response.status().WithContext(call.what);
    if (IsSuccess(response->status)) return response;
    if (hop == 0 && LearnRegion(call.bucket, region, *response)) continue;
    return ErrorFor(call, *response, region);
  }
}

Result<std::unique_ptr<http::HttpStream>> S3Client::ExecuteStream(const Call& call) {
  for (int hop = 0;; ++hop) {
    std::string region = RegionFor(call.bucket);
    AQ_ASSIGN_OR_RETURN(http::HttpRequest request, Prepare(call, region));
    auto stream = session_->http().Open(request);
    if (!stream.ok()) return stream.status().WithContext(call.what);
    if (IsSuccess((*stream)->status())) return stream;
    http::HttpResponse response;
    response.attempts = (*stream)->attempts();
    response.status = (*stream)->status();
    response.headers = (*stream)->headers();
    auto body = (*stream)->ReadAll(1 << 20);
    if (body.ok()) response.body = std::move(body).value();
    if (hop == 0 && LearnRegion(call.bucket, region, response)) continue;
    return ErrorFor(call, response, region);
  }
}

Result<S3ListPage> S3Client::ListObjectsV2(const std::string& bucket, const std::string& prefix,
                                           const std::string& continuation_token, int max_keys) {
  Call call;
  call.bucket = bucket;
  call.query = {{"list-type", "2"}, {"max-keys", std::to_string(max_keys)}, {"prefix", prefix}};
  if (!continuation_token.empty())
    call.query.emplace_back("continuation-token", continuation_token);
  call.what = "listing s3://" + bucket + "/" + prefix;
  call.permission = "s3:ListBucket on " + Arn(bucket, "");
  AQ_ASSIGN_OR_RETURN(http::HttpResponse response, Execute(call));
  S3ListPage page;
  for (std::string_view block : xml::Elements(response.body, "Contents")) {
    S3Object object;
    object.key = xml::Text(block, "Key").value_or("");
    object.etag = Unquote(xml::Text(block, "ETag").value_or(""));
    object.size = std::strtoull(xml::Text(block, "Size").value_or("0").c_str(), nullptr, 10);
    page.objects.push_back(std::move(object));
  }
  if (xml::Text(response.body, "IsTruncated").value_or("false") == "true") {
    page.next_continuation_token = xml::Text(response.body, "NextContinuationToken").value_or("");
    if (page.next_continuation_token.empty()) {
      return IoError(call.what +
                     ": S3 said the listing is truncated but gave no continuation token");
    }
  }
  return page;
}

Result<S3Object> S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  Call call;
  call.method = "HEAD";
  call.bucket = bucket;
  call.key = key;
  call.what = "reading the size of s3://" + bucket + "/" + key;
  call.permission = "s3:GetObject on " + Arn(bucket, key);
  AQ_ASSIGN_OR_RETURN(http::HttpResponse response, Execute(call));
  S3Object object;
  object.key = key;
  object.etag = Unquote(http::FindHeader(response.headers, "etag").value_or(""));
  object.size = std::strtoull(
      http::FindHeader(response.headers, "content-length").value_or("0").c_str(), nullptr, 10);
  return object;
}

Result<std::unique_ptr<http::HttpStream>> S3Client::GetObject(const std::string& bucket,
                                                              const std::string& key,
                                                              uint64_t offset, uint64_t length,
                                                              const std::string& if_match) {
  Call call;
  call.bucket = bucket;
  call.key = key;
  if (offset > 0 || length != UINT64_MAX) {
    std::string range = "bytes=" + std::to_string(offset) + "-";
    if (length != UINT64_MAX) range += std::to_string(offset + length - 1);
    call.headers.emplace_back("range", range);
  }
  if (!if_match.empty()) call.headers.emplace_back("if-match", "\"" + if_match + "\"");
  call.what = "reading s3://" + bucket + "/" + key;
  call.permission = "s3:GetObject on " + Arn(bucket, key);
  return ExecuteStream(call);
}

Status S3Client::PutObject(const std::string& bucket, const std::string& key,
                           std::string_view body) {
  Call call;
  call.method = "PUT";
  call.bucket = bucket;
  call.key = key;
  call.body = body;
  call.what = "writing s3://" + bucket + "/" + key;
  call.permission = "s3:PutObject on " + Arn(bucket, key);
  return Execute(call).status();
}

Result<std::string> S3Client::CreateMultipartUpload(const std::string& bucket,
                                                    const std::string& key) {
  Call call;
  call.method = "POST";
  call.bucket = bucket;
  call.key = key;
  call.query = {{"uploads", ""}};
  // Each attempt would start a separate upload: resend only what S3 refused outright.
  call.retry_safety = http::RetrySafety::kUnsafe;
  call.what = "starting a multipart upload to s3://" + bucket + "/" + key;
  call.permission = "s3:PutObject on " + Arn(bucket, key);
  AQ_ASSIGN_OR_RETURN(http::HttpResponse response, Execute(call));
  auto upload_id = xml::Text(response.body, "UploadId");
  if (!upload_id || upload_id->empty())
    return IoError(call.what + ": S3 answered without an UploadId");
  return *upload_id;
}

Result<std::string> S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number,
                                         std::string_view body) {
  Call call;
  call.method = "PUT";
  call.bucket = bucket;
  call.key = key;
  call.body = body;
  call.query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}};
  call.what = "uploading part " + std::to_string(part_number) + " of s3://" + bucket + "/" + key;
  call.permission = "s3:PutObject on " + Arn(bucket, key);
  AQ_ASSIGN_OR_RETURN(http::HttpResponse response, Execute(call));
  auto etag = http::FindHeader(response.headers, "etag");
  if (!etag || etag->empty()) return IoError(call.what + ": S3 answered without an ETag");
  return *etag;
}

Status S3Client::CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id,
                                         const std::vector<std::string>& part_etags) {
  std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (size_t i = 0; i < part_etags.size(); ++i) {
    body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + part_etags[i] +
            "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  Call call;
  call.method = "POST";
  call.bucket = bucket;
  call.key = key;
  call.body = body;
  call.query = {{"uploadId", upload_id}};
  call.headers = {{"content-type", "application/xml"}};
  // Completing the same parts twice yields the same object.
  call.retry_safety = http::RetrySafety::kSafe;
  call.what = "completing the multipart upload of s3://" + bucket + "/" + key;
  call.permission = "s3:PutObject on " + Arn(bucket, key);
  auto response = Execute(call);
  if (!response.ok()) {
    // A retry after a lost answer finds the upload gone: if the object now
    // has exactly the ETag these parts make, the first attempt succeeded.
    if (response.status().code() == StatusCode::kNotFound) {
      auto head = HeadObject(bucket, key);
      if (head.ok() && head->etag == MultipartEtag(part_etags)) return Status::Ok();
    }
    return response.status();
  }
  // S3 may answer 200 and still report an error in the body.
  if (xml::Text(response->body, "Code") && xml::Elements(response->body, "Error").size() > 0) {
    http::HttpResponse failed = *response;
    failed.status = 500;
    return AwsErrorStatus(ParseAwsError(failed), call.what);
  }
  return Status::Ok();
}

Status S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  Call call;
  call.method = "DELETE";
  call.bucket = bucket;
  call.key = key;
  call.query = {{"uploadId", upload_id}};
  call.what = "aborting the multipart upload of s3://" + bucket + "/" + key;
  call.permission = "s3:AbortMultipartUpload on " + Arn(bucket, key);
  return Execute(call).status();
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  Call call;
  call.method = "DELETE";
  call.bucket = bucket;
  call.key = key;
  call.what = "deleting s3://" + bucket + "/" + key;
  call.permission = "s3:DeleteObject on " + Arn(bucket, key);
  return Execute(call).status();
}

}  // namespace aq::aws
