#include "pipeline/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/text_format.h"

namespace aq {
namespace {

std::string Duration(double seconds) {
  auto total = static_cast<uint64_t>(std::llround(seconds));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu",
                  static_cast<unsigned long long>(total / 3600),
                  static_cast<unsigned long long>(total / 60 % 60),
                  static_cast<unsigned long long>(total % 60));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(total / 60),
                  static_cast<unsigned long long>(total % 60));
  }
  return text;
}

class CountingInputStream : public InputStream {
 public:
  CountingInputStream(std::unique_ptr<InputStream> inner, std::atomic<uint64_t>* bytes_read)
      : inner_(std::move(inner)), bytes_read_(bytes_read) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    auto n = inner_->Read(buffer, capacity);
    if (n.ok()) bytes_read_->fetch_add(*n, std::memory_order_relaxed);
    return n;
  }

 private:
  std::unique_ptr<InputStream> inner_;
  std::atomic<uint64_t>* bytes_read_;
};

}  // namespace

std::string FormatProgress(const Progress& p) {
  std::string line = Thousands(p.objects_done) + "/" + Thousands(p.objects_total) + " files, ";
  bool all_done = p.objects_total > 0 && p.objects_done == p.objects_total;
  if (p.input_bytes_total == 0) {
    line += Megabytes(p.input_bytes_read) + " read";
  } else {
    // Byte ranges read a line past their end, so the count can pass the total before the end.
    uint64_t read = std::min(p.input_bytes_read, p.input_bytes_total);
    double share = static_cast<double>(read) / static_cast<double>(p.input_bytes_total);
    int percent = all_done ? 100 : std::min(99, static_cast<int>(share * 100));
    line += std::to_string(percent) + "% of " + Megabytes(p.input_bytes_total);
    if (!all_done && read > 0 && p.seconds >= 1) {
      line += ", about " + Duration(p.seconds * (1 - share) / share) + " left";
    }
  }
  return line + ", " + Thousands(p.records) + " records";
}

Result<std::unique_ptr<InputStream>> CountingFileSystem::OpenRead(const ObjectInfo& object,
                                                                  uint64_t offset,
                                                                  uint64_t length) {
  AQ_ASSIGN_OR_RETURN(auto stream, target()->OpenRead(object, offset, length));
  return std::unique_ptr<InputStream>(
      std::make_unique<CountingInputStream>(std::move(stream), bytes_read_));
}

}  // namespace aq
