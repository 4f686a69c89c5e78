// CsvRecordReader: the records of an aqpipe CSV part (docs/files-output.md), one at a time, from
// an already decompressed stream.
//
// The dialect is the one the files sink writes: fields separated by ',', records ended by LF,
// RFC 4180 quoting ('"' around a field, '""' for a quote inside it). A quoted field may hold
// commas, CR and LF. The reader keeps quoted and unquoted fields apart because the dialect does:
// an empty unquoted field is NULL, `""` is the empty string. A quote left open at the end of the
// stream, or a character after a closing quote other than ',' or LF, is CorruptInput naming the
// file and record (a truncated or foreign file).
//
// Thread safety: one reader per thread. Fields stay valid until the next call to Next.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "io/filesystem.h"

namespace aq {

struct CsvField {
  std::string_view text;
  bool quoted = false;
  bool IsNull() const { return !quoted && text.empty(); }
};

class CsvRecordReader {
 public:
  // `name` is used in error messages.
  CsvRecordReader(std::unique_ptr<InputStream> stream, std::string name);

  // The next record's fields into *fields; false at the end of the stream.
  Result<bool> Next(std::vector<CsvField>* fields);
  // Records returned so far (the header counts).
  uint64_t records() const { return records_; }

 private:
  // The next byte, or -1 at the end of the stream.
  Result<int> Get();
  Status Corrupt(const std::string& what) const;

  std::unique_ptr<InputStream> stream_;
  std::string name_;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  std::string record_;  // the current record's field bytes, back to back
  uint64_t records_ = 0;
};

}  // namespace aq
