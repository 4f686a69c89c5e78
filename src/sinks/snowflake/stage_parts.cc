#include "sinks/snowflake/stage_parts.h"

#include <cstdio>

#include "sinks/files/csv_writer.h"
#include "sinks/snowflake/staging_table.h"

namespace aq::snowflake {
namespace {

// The usual cause is a stage location aqpipe may not write to (the default is in the source
// bucket, often read-only): say how to choose another, or to avoid staging altogether.
Status Failed(const Status& status, const std::string& path) {
  return status.WithContext("staging part file " + path +
                            " for the bulk load (pass --stage s3://BUCKET/PREFIX/ where aqpipe "
                            "may write, or --load-method direct)");
}

}  // namespace

StageParts::StageParts(FileSystem* fs, std::string folder, uint64_t target_part_bytes,
                       size_t block_bytes, std::unique_ptr<Compressor> compressor)
    : fs_(fs),
      folder_(std::move(folder)),
      target_part_bytes_(target_part_bytes),
      block_bytes_(std::max<size_t>(block_bytes, 1)),
      compressor_(std::move(compressor)) {}

Result<std::unique_ptr<StageParts>> StageParts::Make(FileSystem* fs, std::string folder,
                                                     uint64_t target_part_bytes,
                                                     size_t block_bytes) {
  AQ_ASSIGN_OR_RETURN(auto compressor, Compressor::Make(FileCodec::kGzip, -1));
  return std::unique_ptr<StageParts>(
      new StageParts(fs, std::move(folder), target_part_bytes, block_bytes, std::move(compressor)));
}

Status StageParts::StartPart(size_t columns) {
  char name[32];
  std::snprintf(name, sizeof name, "part-%05zu.csv.gz", parts_.size());
  std::string path = folder_ + name;
  auto stream = fs_->OpenWrite(path);
  if (!stream.ok()) return Failed(stream.status(), path);
  stream_ = std::move(stream).value();
  started_.push_back(path);
  parts_.push_back({name, columns, 0});
  compressor_->Reset();
  part_bytes_ = 0;
  csv_ = "AQPIPE_ORDINAL";
  for (size_t i = 0; i < columns; ++i) csv_ += "," + StagingTable::Column(i);
  csv_ += '\n';
  return Status::Ok();
}

Status StageParts::FlushBlock() {
  if (csv_.empty()) return Status::Ok();
  AQ_ASSIGN_OR_RETURN(std::string_view bytes, compressor_->CompressBlock(csv_));
  if (Status written = stream_->Write(bytes); !written.ok())
    return Failed(written, folder_ + parts_.back().name);
  part_bytes_ += bytes.size();
  csv_.clear();
  return Status::Ok();
}

Status StageParts::ClosePart() {
  if (!stream_) return Status::Ok();
  AQ_RETURN_IF_ERROR(FlushBlock());
  AQ_ASSIGN_OR_RETURN(std::string_view tail, compressor_->Finish());
  Status closed = tail.empty() ? Status::Ok() : stream_->Write(tail);
  if (closed.ok()) closed = stream_->Close();
  stream_.reset();
  return closed.ok() ? closed : Failed(closed, folder_ + parts_.back().name);
}

Status StageParts::Add(uint64_t ordinal, std::span<const StagedValue> values) {
  if (stream_ && (values.size() != parts_.back().columns || part_bytes_ >= target_part_bytes_))
    AQ_RETURN_IF_ERROR(ClosePart());
  if (!stream_) AQ_RETURN_IF_ERROR(StartPart(values.size()));
  csv_ += std::to_string(ordinal);
  for (const StagedValue& value : values) {
    csv_ += ',';
    if (value) AppendCsvField(*value, &csv_);
  }
  csv_ += '\n';
  ++parts_.back().rows;
  ++rows_;
  return csv_.size() >= block_bytes_ ? FlushBlock() : Status::Ok();
}

Result<std::vector<StagePart>> StageParts::Close() {
  AQ_RETURN_IF_ERROR(ClosePart());
  return parts_;
}

void StageParts::Delete() {
  stream_.reset();
  for (const std::string& path : started_) (void)fs_->Delete(path);
  started_.clear();
}

}  // namespace aq::snowflake
