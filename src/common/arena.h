// Arena: bump allocation of bytes whose addresses never move, freed all at once.
// Values copied out of a parser's scratch space (unescaped strings, formatted
// numbers) live here for the life of their batch, with no allocation per value.
//
// Thread safety: none; one arena per batch.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace aq {

class Arena {
 public:
  explicit Arena(size_t block_bytes = 64 * 1024) : block_bytes_(block_bytes) {}

  char* Allocate(size_t n) {
    if (n > remaining_) NewBlock(n);
    char* p = next_;
    next_ += n;
    remaining_ -= n;
    return p;
  }

  std::string_view Copy(std::string_view s) {
    char* p = Allocate(s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  void Clear() {
    blocks_.clear();
    next_ = nullptr;
    remaining_ = 0;
  }

 private:
  void NewBlock(size_t at_least) {
    size_t size = at_least > block_bytes_ ? at_least : block_bytes_;
    blocks_.emplace_back(new char[size]);
    next_ = blocks_.back().get();
    remaining_ = size;
  }

  size_t block_bytes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t remaining_ = 0;
};

}  // namespace aq
