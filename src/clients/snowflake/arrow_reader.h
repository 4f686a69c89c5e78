// Decodes the Arrow IPC stream that Snowflake (and fakesnow) send as a query's
// `rowsetBase64`, into the same text values a JSON `rowset` carries, so the
// client hands callers one form whatever the server chose.
//
// Supported (what Snowflake's and fakesnow's result columns use): Int 8-64
// (signed and unsigned), Decimal128, Float32/64, Utf8/LargeUtf8,
// Binary (as hex), Bool, Date32 (days) and Snowflake's timestamp structs
// {epoch, fraction[, timezone]} or scaled integers. Numbers with a field
// metadata "scale" > 0 are written with that many decimals. Text forms:
//   NUMBER 123 / 1.50, FLOAT shortest round-trip text, BOOLEAN true/false,
//   TIMESTAMP_NTZ/LTZ "<epoch seconds>.<fraction digits>",
//   TIMESTAMP_TZ "<epoch seconds>.<fraction digits> <offset minutes + 1440>",
//   DATE days since 1970-01-01, BINARY lower-case hex; NULL is nullopt.
// Dictionary-encoded or compressed batches are refused (kCorruptInput).
//
// Thread safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::snowflake {

using TextRow = std::vector<std::optional<std::string>>;

struct Rowset {
  std::vector<std::string> names;  // from the Arrow schema
  std::vector<TextRow> rows;
};

// `bytes` is a whole IPC stream (schema message, record batches, optional end marker).
Result<Rowset> DecodeArrowStream(std::string_view bytes);

}  // namespace aq::snowflake
