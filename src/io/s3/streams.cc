#include "io/s3/streams.h"

#include <algorithm>
#include <thread>

namespace aq::s3 {
namespace {

// S3 allows 10,000 parts: parts grow with the object so that 10,000 always suffice.
size_t PartSizeFor(size_t base, size_t parts_done) {
  return base << std::min<size_t>(parts_done / 1000, 10);
}

}  // namespace

S3InputStream::S3InputStream(aws::S3Client* client, aws::S3Location location, std::string etag,
                             uint64_t begin, uint64_t end)
    : client_(client),
      location_(std::move(location)),
      etag_(std::move(etag)),
      next_(begin),
      end_(end) {}

Result<size_t> S3InputStream::Read(char* buffer, size_t capacity) {
  if (next_ >= end_ || capacity == 0) return size_t{0};
  capacity = static_cast<size_t>(std::min<uint64_t>(capacity, end_ - next_));
  // A fresh budget per Read: it bounds failures in a row, since any progress resets it.
  http::RetryBudget budget(client_->session().config().http.retry);
  std::chrono::milliseconds wait{0};
  (void)budget.NextAttempt(&wait);
  Status last;
  for (;;) {
    if (body_ == nullptr) {
      auto opened = client_->GetObject(location_.bucket, location_.key, next_, end_ - next_, etag_);
      if (opened.ok()) {
        body_ = std::move(opened).value();
      } else {
        last = opened.status();
      }
    }
    if (body_ != nullptr) {
      auto n = body_->Read(buffer, capacity);
      if (n.ok() && *n > 0) {
        next_ += *n;
        return *n;
      }
      // A body that ends early is a dropped connection too.
      last = n.ok() ? Unavailable("reading " + location_.ToString() + ": the body ended at byte " +
                                  std::to_string(next_) + " of " + std::to_string(end_))
                    : n.status();
      body_.reset();
    }
    if (last.code() != StatusCode::kUnavailable) return last;
    if (!budget.NextAttempt(&wait)) {
      return Unavailable(last.message() + " (resumed from byte " + std::to_string(next_) + " " +
                         std::to_string(budget.attempts() - 1) + " times without progress)");
    }
    std::this_thread::sleep_for(wait);
  }
}

S3OutputStream::S3OutputStream(aws::S3Client* client, aws::S3Location location, size_t part_size)
    : client_(client), location_(std::move(location)), part_size_(part_size) {}

S3OutputStream::~S3OutputStream() {
  if (!closed_ && !upload_id_.empty()) {
    // Nothing was published: abort so S3 does not keep (and bill) the parts.
    (void)client_->AbortMultipartUpload(location_.bucket, location_.key, upload_id_);
  }
}

Status S3OutputStream::Fail(Status status) {
  failed_ = status;
  if (!upload_id_.empty()) {
    (void)client_->AbortMultipartUpload(location_.bucket, location_.key, upload_id_);
    upload_id_.clear();
  }
  return status;
}

Status S3OutputStream::UploadBuffered() {
  if (upload_id_.empty()) {
    auto created = client_->CreateMultipartUpload(location_.bucket, location_.key);
    if (!created.ok()) return Fail(created.status());
    upload_id_ = std::move(created).value();
  }
  int part_number = static_cast<int>(part_etags_.size()) + 1;
  if (part_number > 10000)
    return Fail(DataError("object " + location_.ToString() + " is too large for S3"));
  auto etag =
      client_->UploadPart(location_.bucket, location_.key, upload_id_, part_number, buffer_);
  if (!etag.ok()) return Fail(etag.status());
  part_etags_.push_back(std::move(etag).value());
  buffer_.clear();
  return Status::Ok();
}

Status S3OutputStream::Write(std::string_view bytes) {
  if (!failed_.ok()) return failed_;
  if (closed_) return Internal("write to " + location_.ToString() + " after Close");
  buffer_.append(bytes);
  if (buffer_.size() >= PartSizeFor(part_size_, part_etags_.size())) return UploadBuffered();
  return Status::Ok();
}

Status S3OutputStream::Close() {
  if (!failed_.ok()) return failed_;
  if (closed_) return Internal("stream for " + location_.ToString() + " closed twice");
  if (upload_id_.empty()) {
    Status put = client_->PutObject(location_.bucket, location_.key, buffer_);
    if (!put.ok()) return Fail(put);
  } else {
    if (!buffer_.empty()) AQ_RETURN_IF_ERROR(UploadBuffered());
    Status complete =
        client_->CompleteMultipartUpload(location_.bucket, location_.key, upload_id_, part_etags_);
    if (!complete.ok()) return Fail(complete);
  }
  closed_ = true;
  buffer_.clear();
  buffer_.shrink_to_fit();
  return Status::Ok();
}

}  // namespace aq::s3
