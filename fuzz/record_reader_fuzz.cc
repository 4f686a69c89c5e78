// libFuzzer target for the record reader and flattener: arbitrary bytes must never crash,
// the records found must not depend on the chunk size the reader uses, and no good JSON Lines
// record is lost whatever line precedes it (the input's first line, newlines removed, is put
// before known good lines; every one of them must come out as a record of its own and load).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "normalize/flattener.h"
#include "readers/chunk_reader.h"
#include "readers/decompress.h"
#include "readers/record_format.h"

namespace {

class MemoryStream : public aq::InputStream {
 public:
  explicit MemoryStream(std::string data) : data_(std::move(data)) {}
  aq::Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t n = std::min(capacity, data_.size() - pos_);
    std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Reads every record with the given chunk size; flattens each one the reader does not reject
// itself, and appends the text of each record that became a row to *loaded.
bool ReadAll(const std::string& input, size_t chunk_bytes, std::vector<std::string>* records,
             std::vector<std::string>* loaded) {
  aq::RecordFormat format = aq::SniffRecordFormat(input);
  aq::ChunkReader reader(std::make_unique<MemoryStream>(input), "fuzz", format,
                         {chunk_bytes, 1 << 20});
  aq::ColumnRegistry registry({"id"});
  aq::Flattener flattener(&registry);
  for (;;) {
    aq::Chunk chunk;
    auto more = reader.Next(&chunk);
    if (!more.ok()) return false;
    if (!*more) return true;
    aq::RecordBatch batch;
    for (const auto& span : chunk.records) {
      std::string_view text = chunk.text(span);
      records->emplace_back(text);
      if (span.problem != aq::SpanProblem::kNone) continue;
      size_t rows = batch.num_rows();
      flattener.Add(text, {span.line, span.index, text}, &batch);
      if (batch.num_rows() > rows) loaded->emplace_back(text);
    }
  }
}

// `prefix` (one line of anything) then good JSON Lines records: each must come out whole and load.
void CheckGoodLinesSurvive(std::string prefix) {
  std::erase(prefix, '\n');
  std::vector<std::string> good;
  std::string input = prefix + "\n";
  for (int i = 0; i < 3; ++i) {
    good.push_back("{\"id\":" + std::to_string(i) + ",\"s\":\"[{\\\"\"}");
    input += good.back() + "\n";
  }
  for (size_t chunk_bytes : {size_t{16}, size_t{1} << 16}) {
    std::vector<std::string> records, loaded;
    if (!ReadAll(input, chunk_bytes, &records, &loaded)) std::abort();  // the good lines are lost
    for (const auto& line : good) {
      if (std::count(loaded.begin(), loaded.end(), line) < 1) std::abort();  // one did not load
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> small, large, loaded;
  bool ok_small = ReadAll(input, 256, &small, &loaded);
  bool ok_large = ReadAll(input, 1 << 16, &large, &loaded);
  if (ok_small && ok_large && small != large) std::abort();  // chunking changed the records
  CheckGoodLinesSurvive(input.substr(0, input.find('\n')));
  return 0;
}
