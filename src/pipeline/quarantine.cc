#include "pipeline/quarantine.h"

#include <simdjson.h>

#include "common/text_format.h"

namespace aq {

Status Quarantine::Add(const QuarantineEntry& entry) {
  if (!out_) {
    std::string dir = location_;
    if (!dir.empty() && dir.back() != '/') dir += '/';
    path_ = dir + "rejects-" + run_id_ + ".jsonl";
    AQ_ASSIGN_OR_RETURN(FileSystem * fs, registry_->For(path_));
    auto out = fs->OpenWrite(path_);
    if (!out.ok())
      return out.status().WithContext("cannot write the rejects file (choose another --rejects)");
    out_ = std::move(out).value();
  }
  buffer_ += "{\"source\":";
  AppendJsonString(entry.source, &buffer_);
  buffer_ += ",\"line\":" + std::to_string(entry.line) +
             ",\"record\":" + std::to_string(entry.record) + ",\"reason\":";
  AppendJsonString(entry.reason, &buffer_);
  if (simdjson::validate_utf8(entry.raw.data(), entry.raw.size())) {
    buffer_ += ",\"raw\":";
    AppendJsonString(entry.raw, &buffer_);
  } else {
    buffer_ += ",\"raw_base64\":\"";
    buffer_ += Base64Encode(entry.raw);
    buffer_ += "\"";
  }
  buffer_ += "}\n";
  ++count_;
  if (buffer_.size() > (1 << 20)) {
    AQ_RETURN_IF_ERROR(out_->Write(buffer_));
    buffer_.clear();
  }
  return Status::Ok();
}

Result<std::string> Quarantine::Close() {
  if (!out_) return std::string();
  AQ_RETURN_IF_ERROR(out_->Write(buffer_));
  buffer_.clear();
  AQ_RETURN_IF_ERROR(out_->Close());
  out_.reset();
  return path_;
}

}  // namespace aq
