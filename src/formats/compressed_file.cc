#include "formats/compressed_file.h"

namespace aq {

Status CompressedFile::Write(std::string_view block) {
  if (block.empty()) return Status::Ok();
  AQ_ASSIGN_OR_RETURN(std::string_view bytes, compressor_->CompressBlock(block));
  AQ_RETURN_IF_ERROR(stream_->Write(bytes));
  bytes_ += bytes.size();
  return Status::Ok();
}

Status CompressedFile::Close() {
  AQ_ASSIGN_OR_RETURN(std::string_view tail, compressor_->Finish());
  if (!tail.empty()) AQ_RETURN_IF_ERROR(stream_->Write(tail));
  bytes_ += tail.size();
  return stream_->Close();
}

}  // namespace aq
