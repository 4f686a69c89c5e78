#include "sinks/snowflake/stage_parts.h"

#include <cstdio>

#include "formats/csv_writer.h"
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
  file_ = std::make_unique<CompressedFile>(std::move(stream).value(), compressor_.get());
  started_.push_back(path);
  parts_.push_back({name, columns, 0});
  std::vector<std::string> header = {"AQPIPE_ORDINAL"};
  for (size_t i = 0; i < columns; ++i) header.push_back(StagingTable::Column(i));
  csv_.clear();
  AppendCsvHeader(header, &csv_);
  return Status::Ok();
}

Status StageParts::FlushBlock() {
  if (Status written = file_->Write(csv_); !written.ok())
    return Failed(written, folder_ + parts_.back().name);
  csv_.clear();
  return Status::Ok();
}

Status StageParts::ClosePart() {
  if (!file_) return Status::Ok();
  AQ_RETURN_IF_ERROR(FlushBlock());
  Status closed = file_->Close();
  file_.reset();
  return closed.ok() ? closed : Failed(closed, folder_ + parts_.back().name);
}

Status StageParts::Add(uint64_t ordinal, std::span<const StagedValue> values) {
  if (file_ && (values.size() != parts_.back().columns || file_->bytes() >= target_part_bytes_))
    AQ_RETURN_IF_ERROR(ClosePart());
  if (!file_) AQ_RETURN_IF_ERROR(StartPart(values.size()));
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
  file_.reset();
  for (const std::string& path : started_) (void)fs_->Delete(path);
  started_.clear();
}

}  // namespace aq::snowflake
