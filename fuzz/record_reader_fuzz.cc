// libFuzzer target for the record reader and flattener: arbitrary bytes must never crash,
// and the records found must not depend on the chunk size the reader uses.
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

// Reads every record with the given chunk size; flattens each one.
bool ReadAll(const std::string& input, size_t chunk_bytes, std::vector<std::string>* records) {
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
      flattener.Add(text, {span.line, span.index, text}, &batch);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> small, large;
  bool ok_small = ReadAll(input, 256, &small);
  bool ok_large = ReadAll(input, 1 << 16, &large);
  if (ok_small && ok_large && small != large) std::abort();  // chunking changed the records
  return 0;
}
