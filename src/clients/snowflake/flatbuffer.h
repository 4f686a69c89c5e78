// A bounds-checked reader of FlatBuffers tables, just enough to walk the Arrow
// IPC metadata (Message, Schema, Field, RecordBatch). Every read checks the
// buffer's bounds: corrupt input reads as absent fields, never out of bounds.
//
// Layout (flatbuffers.dev "internals"): a table starts with an int32 offset
// back to its vtable; the vtable holds uint16 sizes and then one uint16 offset
// per field (0: absent). References (tables, vectors, strings) are uint32
// offsets forward from where they are stored; a vector is a uint32 count and
// its elements.
//
// Thread safety: values over borrowed bytes, which must outlive them.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace aq::snowflake::fb {

class Buffer {
 public:
  Buffer(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  template <typename T>
  std::optional<T> Read(size_t pos) const {
    if (pos > size_ || size_ - pos < sizeof(T)) return std::nullopt;
    T value;
    std::memcpy(&value, data_ + pos, sizeof(T));  // little-endian hosts only (x86-64, arm64)
    return value;
  }
  std::optional<size_t> Follow(size_t pos) const {  // a uint32 forward reference at pos
    auto offset = Read<uint32_t>(pos);
    if (!offset || pos + *offset >= size_) return std::nullopt;
    return pos + *offset;
  }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const uint8_t* data_;
  size_t size_;
};

class Table {
 public:
  Table() = default;
  Table(const Buffer* buffer, size_t pos) : buffer_(buffer), pos_(pos) {
    auto back = buffer->Read<int32_t>(pos);
    if (!back) return;
    int64_t vtable = static_cast<int64_t>(pos) - *back;
    if (vtable < 0) return;
    auto vsize = buffer->Read<uint16_t>(static_cast<size_t>(vtable));
    if (!vsize) return;
    vtable_ = static_cast<size_t>(vtable);
    vtable_size_ = *vsize;
    valid_ = true;
  }
  // The root table of a buffer.
  static Table Root(const Buffer* buffer) {
    auto pos = buffer->Follow(0);
    return pos ? Table(buffer, *pos) : Table();
  }

  bool valid() const { return valid_; }
  // Absolute position of field `id`, if present.
  std::optional<size_t> Field(int id) const {
    if (!valid_) return std::nullopt;
    size_t entry = 4 + 2 * static_cast<size_t>(id);
    if (entry + 2 > vtable_size_) return std::nullopt;
    auto offset = buffer_->Read<uint16_t>(vtable_ + entry);
    if (!offset || *offset == 0) return std::nullopt;
    return pos_ + *offset;
  }
  template <typename T>
  T Scalar(int id, T fallback) const {
    auto at = Field(id);
    if (!at) return fallback;
    return buffer_->Read<T>(*at).value_or(fallback);
  }
  Table Child(int id) const {  // a table (or union value) field
    auto at = Field(id);
    if (!at) return {};
    auto target = buffer_->Follow(*at);
    return target ? Table(buffer_, *target) : Table();
  }
  std::string_view String(int id) const {
    auto at = Field(id);
    if (!at) return {};
    auto target = buffer_->Follow(*at);
    if (!target) return {};
    auto length = buffer_->Read<uint32_t>(*target);
    if (!length || *target + 4 + *length > buffer_->size()) return {};
    return {reinterpret_cast<const char*>(buffer_->data()) + *target + 4, *length};
  }
  // A vector field: element count and the position of element 0 (elements of `stride` bytes).
  std::optional<std::pair<size_t, size_t>> Vector(int id, size_t stride) const {
    auto at = Field(id);
    if (!at) return std::pair<size_t, size_t>{0, 0};
    auto target = buffer_->Follow(*at);
    if (!target) return std::nullopt;
    auto count = buffer_->Read<uint32_t>(*target);
    if (!count || *count > (buffer_->size() - *target - 4) / stride) return std::nullopt;
    return std::pair<size_t, size_t>{*count, *target + 4};
  }
  // Element `i` of a vector of tables that starts at `first`.
  Table VectorTable(size_t first, size_t i) const {
    auto target = buffer_->Follow(first + 4 * i);
    return target ? Table(buffer_, *target) : Table();
  }
  const Buffer* buffer() const { return buffer_; }

 private:
  const Buffer* buffer_ = nullptr;
  size_t pos_ = 0;
  size_t vtable_ = 0;
  size_t vtable_size_ = 0;
  bool valid_ = false;
};

}  // namespace aq::snowflake::fb
