#include "sinks/postgresql/type_mapping.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace aq::postgresql {

const TypeMapper& Types() {
  static const TableTypeMapper mapper({{Type::kBool, "BOOLEAN"},
                                       {Type::kInt64, "BIGINT"},
                                       {Type::kDouble, "DOUBLE PRECISION"},
                                       {Type::kTimestamp, "TIMESTAMPTZ"},
                                       {Type::kJson, "JSONB"}},
                                      "TEXT",
                                      {{"BOOLEAN", Type::kBool},
                                       {"BIGINT", Type::kInt64},
                                       {"DOUBLE PRECISION", Type::kDouble},
                                       {"TIMESTAMP WITH TIME ZONE", Type::kTimestamp},
                                       {"TIMESTAMPTZ", Type::kTimestamp},
                                       {"JSONB", Type::kJson},
                                       {"JSON", Type::kJson},
                                       {"TEXT", Type::kString},
                                       {"CHARACTER VARYING", Type::kString}},
                                      Type::kNull);
  return mapper;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QualifiedName(std::string_view schema, std::string_view name) {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

std::string QuoteLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string KeyIndexName(std::string_view table) {
  std::string name = std::string(table) + "_natural_key";
  if (name.size() <= kMaxIdentifierBytes) return name;
  uint32_t hash = 2166136261u;  // FNV-1a: keeps distinct long names distinct after truncation
  for (unsigned char c : table) hash = (hash ^ c) * 16777619u;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "_%08x_key", hash);
  size_t keep = kMaxIdentifierBytes - std::char_traits<char>::length(suffix);
  while (keep > 0 && (static_cast<unsigned char>(table[keep]) & 0xC0) == 0x80)
    --keep;  // whole UTF-8 chars
  return std::string(table.substr(0, keep)) + suffix;
}

void AppendCsvField(std::string_view value, std::string* out) {
  bool quote = value.empty();
  for (char c : value) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\\') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace aq::postgresql
