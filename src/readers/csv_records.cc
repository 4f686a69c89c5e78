#include "readers/csv_records.h"

namespace aq {

CsvRecordReader::CsvRecordReader(std::unique_ptr<InputStream> stream, std::string name)
    : stream_(std::move(stream)), name_(std::move(name)), buffer_(1u << 20, '\0') {}

Status CsvRecordReader::Corrupt(const std::string& what) const {
  return CorruptInput(name_ + ": record " + std::to_string(records_ + 1) + " " + what +
                      "; it is not a complete aqpipe CSV part (rerun the shard that wrote it)");
}

Result<int> CsvRecordReader::Get() {
  if (pos_ == end_) {
    if (eof_) return -1;
    AQ_ASSIGN_OR_RETURN(size_t n, stream_->Read(buffer_.data(), buffer_.size()));
    pos_ = 0;
    end_ = n;
    if (n == 0) {
      eof_ = true;
      return -1;
    }
  }
  return static_cast<unsigned char>(buffer_[pos_++]);
}

Result<bool> CsvRecordReader::Next(std::vector<CsvField>* fields) {
  fields->clear();
  record_.clear();
  // Offsets into record_, turned into views once the record is complete (record_ may grow).
  struct Span {
    size_t begin;
    size_t size;
    bool quoted;
  };
  std::vector<Span> spans;
  AQ_ASSIGN_OR_RETURN(int c, Get());
  if (c < 0) return false;
  while (true) {
    Span span{record_.size(), 0, c == '"'};
    if (span.quoted) {
      while (true) {
        AQ_ASSIGN_OR_RETURN(c, Get());
        if (c < 0) return Corrupt("ends inside a quoted field");
        if (c == '"') {
          AQ_ASSIGN_OR_RETURN(c, Get());
          if (c != '"') break;  // the closing quote; c is what follows it
        }
        record_.push_back(static_cast<char>(c));
      }
      if (c >= 0 && c != ',' && c != '\n') return Corrupt("has text after a closing quote");
    } else {
      while (c >= 0 && c != ',' && c != '\n') {
        record_.push_back(static_cast<char>(c));
        AQ_ASSIGN_OR_RETURN(c, Get());
      }
    }
    span.size = record_.size() - span.begin;
    spans.push_back(span);
    if (c != ',') break;  // LF or the end of the stream ends the record
    AQ_ASSIGN_OR_RETURN(c, Get());
  }
  for (const Span& span : spans) {
    fields->push_back({std::string_view(record_).substr(span.begin, span.size), span.quoted});
  }
  ++records_;
  return true;
}

}  // namespace aq
