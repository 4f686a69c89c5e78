#include "pipeline/quarantine.h"

#include <simdjson.h>

#include "common/text_format.h"

namespace aq {
namespace {

// The first `limit` bytes of `raw`, cut at a UTF-8 character boundary when `raw` is UTF-8 text.
std::string_view KeptRaw(std::string_view raw, size_t limit) {
  if (raw.size() <= limit) return raw;
  size_t cut = limit;
  // Back off continuation bytes (10xxxxxx) so that a multi-byte character is not split.
  while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80 && limit - cut < 4) --cut;
  return raw.substr(0, cut);
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
  std::string line = "{\"source\":";
  AppendJsonString(entry.source, &line);
  line += ",\"line\":" + std::to_string(entry.line) +
          ",\"record\":" + std::to_string(entry.record) + ",\"reason\":";
  AppendJsonString(entry.reason, &line);
  std::string_view raw = KeptRaw(entry.raw, kMaxRawBytes);
  if (simdjson::validate_utf8(raw.data(), raw.size())) {
    line += ",\"raw\":";
    AppendJsonString(raw, &line);
  } else {
    line += ",\"raw_base64\":\"";
    line += Base64Encode(raw);
    line += "\"";
  }
  if (raw.size() < entry.raw.size()) {
    line += ",\"raw_truncated\":true,\"raw_bytes\":" + std::to_string(entry.raw.size());
  }
  line += "}\n";
  if (written_ + buffer_.size() + line.size() > max_bytes_) {
    std::string cap = max_bytes_ >= (1u << 20) ? std::to_string(max_bytes_ >> 20) + " MiB"
                                               : std::to_string(max_bytes_) + " bytes";
    return DataError("the rejects file reached --max-rejects-mib (" + cap + ") after " +
                     std::to_string(count_) +
                     " quarantined records; nothing was loaded. Is the input JSON at all? Check "
                     "--source, or raise --max-rejects-mib");
  }
  buffer_ += line;
  ++count_;
  if (buffer_.size() > (1 << 20)) {
    AQ_RETURN_IF_ERROR(out_->Write(buffer_));
    written_ += buffer_.size();
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
