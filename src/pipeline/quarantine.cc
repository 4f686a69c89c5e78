#include "pipeline/quarantine.h"

#include <simdjson.h>

#include "common/text_format.h"

namespace aq {
namespace {

void AppendBase64(std::string_view bytes, std::string* out) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out->push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

}  // namespace

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
    AppendBase64(entry.raw, &buffer_);
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
