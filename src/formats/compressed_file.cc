#include "formats/compressed_file.h"

namespace aq {

Status CompressedFile::Write(std::string_view block) {
  if (block.empty()) return Status::Ok();
  if (pool_ != nullptr) {
    pending_.push_back(pool_->Submit(std::string(block)));
    pooled_any_ = true;
    while (pending_.size() > in_flight_) AQ_RETURN_IF_ERROR(WriteOldest());
    return Status::Ok();
  }
  AQ_ASSIGN_OR_RETURN(std::string_view bytes, compressor_->CompressBlock(block));
  AQ_RETURN_IF_ERROR(stream_->Write(bytes));
  bytes_ += bytes.size();
  return Status::Ok();
}

Status CompressedFile::WriteOldest() {
  Result<std::string> bytes = pending_.front().get();
  pending_.pop_front();
  if (!bytes.ok()) return bytes.status();
  AQ_RETURN_IF_ERROR(stream_->Write(*bytes));
  bytes_ += bytes->size();
  return Status::Ok();
}

Status CompressedFile::Close() {
  while (!pending_.empty()) AQ_RETURN_IF_ERROR(WriteOldest());
  // The pool's members are complete gzip; only a file with no block at all needs the ending.
  if (!pooled_any_) {
    AQ_ASSIGN_OR_RETURN(std::string_view tail, compressor_->Finish());
    if (!tail.empty()) AQ_RETURN_IF_ERROR(stream_->Write(tail));
    bytes_ += tail.size();
  }
  return stream_->Close();
}

}  // namespace aq
