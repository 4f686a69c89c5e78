#include "clients/snowflake/arrow_reader.h"

#include <charconv>
#include <cstdint>
#include <map>

#include "clients/snowflake/arrow_values.h"
#include "clients/snowflake/flatbuffer.h"

namespace aq::snowflake {
namespace {

using arrow::Field;

constexpr uint8_t kSchemaHeader = 1, kRecordBatchHeader = 3, kDictionaryHeader = 2;

Status Corrupt(const std::string& what) {
  return CorruptInput("the Arrow result from Snowflake is malformed: " + what);
}

Result<Field> ReadField(const fb::Table& table, int depth) {
  if (!table.valid() || depth > 8) return Corrupt("bad field");
  Field field;
  field.name = std::string(table.String(0));
  field.type = table.Scalar<uint8_t>(2, 0);
  fb::Table type = table.Child(3);
  switch (field.type) {
    case arrow::kInt:
      field.bit_width = type.Scalar<int32_t>(0, 0);
      field.is_signed = type.Scalar<uint8_t>(1, 0) != 0;
      break;
    case arrow::kFloatingPoint:
      field.bit_width = type.Scalar<int16_t>(0, 0) == 1 ? 32 : 64;
      break;
    case arrow::kDecimal:
      field.scale = type.Scalar<int32_t>(1, 0);
      field.bit_width = type.Scalar<int32_t>(2, 128);
      break;
    case arrow::kDate:
      field.bit_width = type.Scalar<int16_t>(0, 1) == 0 ? 32 : 64;
      break;
    default:
      break;
  }
  if (table.Field(4)) return Corrupt("dictionary-encoded column \"" + field.name + "\"");
  auto metadata = table.Vector(6, 4);
  if (!metadata) return Corrupt("bad field metadata");
  for (size_t i = 0; i < metadata->first; ++i) {
    fb::Table kv = table.VectorTable(metadata->second, i);
    std::string_view key = kv.String(0), value = kv.String(1);
    if (key == "logicalType") field.logical_type = std::string(value);
    if (key == "scale" && field.type != arrow::kDecimal) {
      std::from_chars(value.data(), value.data() + value.size(), field.scale);
    }
  }
  auto children = table.Vector(5, 4);
  if (!children) return Corrupt("bad child fields");
  for (size_t i = 0; i < children->first; ++i) {
    AQ_ASSIGN_OR_RETURN(Field child, ReadField(table.VectorTable(children->second, i), depth + 1));
    field.children.push_back(std::move(child));
  }
  return field;
}

Result<std::vector<Field>> ReadSchema(const fb::Table& schema) {
  auto fields = schema.Vector(1, 4);
  if (!schema.valid() || !fields) return Corrupt("bad schema message");
  std::vector<Field> out;
  for (size_t i = 0; i < fields->first; ++i) {
    AQ_ASSIGN_OR_RETURN(Field field, ReadField(schema.VectorTable(fields->second, i), 0));
    out.push_back(std::move(field));
  }
  return out;
}

Status ReadBatch(const fb::Table& batch, std::string_view body, const std::vector<Field>& fields,
                 Rowset* out) {
  if (!batch.valid()) return Corrupt("bad record batch");
  if (batch.Field(3)) return Corrupt("compressed record batches are not supported");
  auto length = batch.Scalar<int64_t>(0, 0);
  auto nodes = batch.Vector(1, 16);
  auto buffers = batch.Vector(2, 16);
  if (length < 0 || !nodes || !buffers) return Corrupt("bad record batch");
  arrow::BatchCursor cursor;
  const fb::Buffer* buf = batch.buffer();
  for (size_t i = 0; i < nodes->first; ++i) {
    size_t at = nodes->second + 16 * i;
    cursor.nodes.push_back({buf->Read<int64_t>(at).value_or(-1), 0});
  }
  for (size_t i = 0; i < buffers->first; ++i) {
    size_t at = buffers->second + 16 * i;
    int64_t offset = buf->Read<int64_t>(at).value_or(-1);
    int64_t size = buf->Read<int64_t>(at + 8).value_or(-1);
    if (offset < 0 || size < 0 || static_cast<uint64_t>(offset) > body.size() ||
        static_cast<uint64_t>(size) > body.size() - static_cast<uint64_t>(offset)) {
      return Corrupt("a buffer lies outside the message body");
    }
    cursor.buffers.push_back(body.substr(static_cast<size_t>(offset), static_cast<size_t>(size)));
  }
  size_t first_row = out->rows.size();
  out->rows.resize(first_row + static_cast<size_t>(length), TextRow(fields.size()));
  for (size_t c = 0; c < fields.size(); ++c) {
    std::vector<std::optional<std::string>> values;
    AQ_RETURN_IF_ERROR(arrow::DecodeColumn(fields[c], &cursor, &values));
    if (values.size() != static_cast<size_t>(length)) return Corrupt("column length mismatch");
    for (size_t r = 0; r < values.size(); ++r) out->rows[first_row + r][c] = std::move(values[r]);
  }
  return Status::Ok();
}

}  // namespace

Result<Rowset> DecodeArrowStream(std::string_view bytes) {
  Rowset out;
  std::vector<Field> fields;
  bool have_schema = false;
  size_t pos = 0;
  while (pos + 4 <= bytes.size()) {
    fb::Buffer whole(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    uint32_t length = whole.Read<uint32_t>(pos).value_or(0);
    pos += 4;
    if (length == 0xFFFFFFFFu) {  // continuation marker, then the length
      length = whole.Read<uint32_t>(pos).value_or(0);
      pos += 4;
    }
    if (length == 0) break;  // end of stream
    if (length > bytes.size() - pos) return Corrupt("truncated message");
    fb::Buffer meta(reinterpret_cast<const uint8_t*>(bytes.data()) + pos, length);
    pos += length;
    fb::Table message = fb::Table::Root(&meta);
    if (!message.valid()) return Corrupt("bad message");
    auto header_type = message.Scalar<uint8_t>(1, 0);
    int64_t body_length = message.Scalar<int64_t>(3, 0);
    if (body_length < 0 || static_cast<uint64_t>(body_length) > bytes.size() - pos)
      return Corrupt("truncated message body");
    std::string_view body = bytes.substr(pos, static_cast<size_t>(body_length));
    pos += static_cast<size_t>(body_length);
    if (header_type == kSchemaHeader) {
      AQ_ASSIGN_OR_RETURN(fields, ReadSchema(message.Child(2)));
      for (const auto& f : fields) out.names.push_back(f.name);
      have_schema = true;
    } else if (header_type == kRecordBatchHeader) {
      if (!have_schema) return Corrupt("record batch before the schema");
      AQ_RETURN_IF_ERROR(ReadBatch(message.Child(2), body, fields, &out));
    } else if (header_type == kDictionaryHeader) {
      return Corrupt("dictionary batches are not supported");
    }
  }
  if (!have_schema) return Corrupt("no schema message");
  return out;
}

}  // namespace aq::snowflake
