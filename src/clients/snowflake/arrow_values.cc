#include "clients/snowflake/arrow_values.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace aq::snowflake::arrow {
namespace {

Status Corrupt(const std::string& what) {
  return CorruptInput("the Arrow result from Snowflake is malformed: " + what);
}

bool BitSet(std::string_view bitmap, size_t i) {
  return (static_cast<uint8_t>(bitmap[i / 8]) >> (i % 8)) & 1;
}

template <typename T>
T Load(std::string_view data, size_t i) {
  T value;
  std::memcpy(&value, data.data() + i * sizeof(T), sizeof(T));
  return value;
}

Status TakeBuffers(BatchCursor* cursor, size_t count, std::string_view* out) {
  if (cursor->next_buffer + count > cursor->buffers.size()) return Corrupt("too few buffers");
  for (size_t i = 0; i < count; ++i) out[i] = cursor->buffers[cursor->next_buffer++];
  return Status::Ok();
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

int64_t ToInt(const std::string& text) {
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::string Double(double v) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, v);
  return ec == std::errc() ? std::string(text, end) : std::string();
}

// epoch seconds + nanosecond fraction, written with `scale` fraction digits.
std::string Timestamp(int64_t epoch, int64_t fraction_ns, int scale) {
  std::string out = std::to_string(epoch);
  if (scale <= 0) return out;
  char digits[16];
  std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(fraction_ns));
  return out + "." + std::string(digits, static_cast<size_t>(scale > 9 ? 9 : scale));
}

Status DecodeStruct(const Field& field, size_t length, std::string_view validity,
                    BatchCursor* cursor, std::vector<std::optional<std::string>>* out) {
  std::vector<std::vector<std::optional<std::string>>> children(field.children.size());
  int epoch = -1, fraction = -1, timezone = -1;
  for (size_t i = 0; i < field.children.size(); ++i) {
    AQ_RETURN_IF_ERROR(DecodeColumn(field.children[i], cursor, &children[i]));
    if (children[i].size() != length) return Corrupt("struct child length mismatch");
    const std::string& name = field.children[i].name;
    if (name == "epoch") epoch = static_cast<int>(i);
    if (name == "fraction") fraction = static_cast<int>(i);
    if (name == "timezone") timezone = static_cast<int>(i);
  }
  if (epoch < 0 || !field.logical_type.starts_with("TIMESTAMP"))
    return Corrupt("unsupported struct column \"" + field.name + "\"");
  for (size_t r = 0; r < length; ++r) {
    const auto& e = children[static_cast<size_t>(epoch)][r];
    if ((!validity.empty() && !BitSet(validity, r)) || !e) {
      out->emplace_back();
      continue;
    }
    std::string text = *e;  // already scaled when there is no fraction child
    if (fraction >= 0) {
      const auto& f = children[static_cast<size_t>(fraction)][r];
      text = Timestamp(ToInt(*e), f ? ToInt(*f) : 0, field.scale);
    }
    if (timezone >= 0 && children[static_cast<size_t>(timezone)][r])
      text += " " + *children[static_cast<size_t>(timezone)][r];
    out->push_back(std::move(text));
  }
  return Status::Ok();
}

}  // namespace

std::string FormatScaled(Int128 value, int scale) {
  bool negative = value < 0;
  UInt128 magnitude =
      negative ? static_cast<UInt128>(-(value + 1)) + 1 : static_cast<UInt128>(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return negative ? "-" + digits : digits;
}

Status DecodeColumn(const Field& field, BatchCursor* cursor,
                    std::vector<std::optional<std::string>>* out) {
  if (cursor->next_node >= cursor->nodes.size()) return Corrupt("too few field nodes");
  Node node = cursor->nodes[cursor->next_node++];
  if (node.length < 0) return Corrupt("negative length");
  auto length = static_cast<size_t>(node.length);
  if (field.type == kNullType) {
    out->resize(out->size() + length);
    return Status::Ok();
  }
  bool variable = field.type == kUtf8 || field.type == kBinary || field.type == kLargeUtf8 ||
                  field.type == kLargeBinary;
  std::string_view b[3];
  size_t count = field.type == kStruct ? 1 : variable ? 3 : 2;
  AQ_RETURN_IF_ERROR(TakeBuffers(cursor, count, b));
  std::string_view validity = b[0];
  if (!validity.empty() && validity.size() * 8 < length) return Corrupt("short validity bitmap");
  if (field.type == kStruct) return DecodeStruct(field, length, validity, cursor, out);

  size_t width = 0;
  switch (field.type) {
    case kInt:
    case kFloatingPoint:
    case kDecimal:
    case kDate:
      width = static_cast<size_t>(field.bit_width / 8);
      if (width == 0 || width > 16) return Corrupt("bad bit width in \"" + field.name + "\"");
      break;
    case kBool:
      break;
    case kUtf8:
    case kBinary:
      width = 4;
      break;
    case kLargeUtf8:
    case kLargeBinary:
      width = 8;
      break;
    default:
      return Corrupt("unsupported column type " + std::to_string(field.type) + " in \"" +
                     field.name + "\"");
  }
  std::string_view data = variable ? b[2] : b[1];
  if (variable              ? b[1].size() < (length + 1) * width
      : field.type == kBool ? data.size() * 8 < length
                            : data.size() < length * width)
    return Corrupt("short data buffer in \"" + field.name + "\"");
  for (size_t i = 0; i < length; ++i) {
    if (!validity.empty() && !BitSet(validity, i)) {
      out->emplace_back();
      continue;
    }
    switch (field.type) {
      case kBool:
        out->push_back(BitSet(data, i) ? "true" : "false");
        break;
      case kFloatingPoint:
        out->push_back(width == 4 ? Double(Load<float>(data, i)) : Double(Load<double>(data, i)));
        break;
      case kInt:
      case kDate: {
        Int128 v = 0;
        if (width == 1)
          v = field.is_signed ? Int128{Load<int8_t>(data, i)} : Int128{Load<uint8_t>(data, i)};
        if (width == 2)
          v = field.is_signed ? Int128{Load<int16_t>(data, i)} : Int128{Load<uint16_t>(data, i)};
        if (width == 4)
          v = field.is_signed ? Int128{Load<int32_t>(data, i)} : Int128{Load<uint32_t>(data, i)};
        if (width == 8)
          v = field.is_signed ? Int128{Load<int64_t>(data, i)} : Int128{Load<uint64_t>(data, i)};
        out->push_back(FormatScaled(v, field.type == kDate ? 0 : field.scale));
        break;
      }
      case kDecimal: {
        if (width != 16) return Corrupt("only 128-bit decimals are supported");
        out->push_back(FormatScaled(Load<Int128>(data, i), field.scale));
        break;
      }
      default: {
        uint64_t begin = width == 4 ? Load<uint32_t>(b[1], i) : Load<uint64_t>(b[1], i);
        uint64_t end = width == 4 ? Load<uint32_t>(b[1], i + 1) : Load<uint64_t>(b[1], i + 1);
        if (begin > end || end > data.size()) return Corrupt("bad string offsets");
        std::string_view bytes = data.substr(begin, end - begin);
        if (field.type == kBinary || field.type == kLargeBinary) {
          out->push_back(Hex(bytes));
        } else {
          out->emplace_back(std::string(bytes));
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace aq::snowflake::arrow
