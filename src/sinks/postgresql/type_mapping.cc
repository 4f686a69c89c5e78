#include "sinks/postgresql/type_mapping.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace aq::postgresql {

namespace {

class Mapper final : public TypeMapper {
 public:
  const char* DeclaredType(Type type) const override {
    switch (type) {
      case Type::kBool:
        return "BOOLEAN";
      case Type::kInt64:
        return "BIGINT";
      case Type::kDouble:
        return "DOUBLE PRECISION";
      case Type::kTimestamp:
        return "TIMESTAMPTZ";
      case Type::kJson:
        return "JSONB";
      case Type::kString:
      case Type::kNull:
        break;
    }
    return "TEXT";
  }

  Type TypeOfDeclared(DeclaredColumn column) const override {
    std::string t(column.type);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "boolean") return Type::kBool;
    if (t == "bigint") return Type::kInt64;
    if (t == "double precision") return Type::kDouble;
    if (t == "timestamp with time zone" || t == "timestamptz") return Type::kTimestamp;
    if (t == "jsonb" || t == "json") return Type::kJson;
    if (t == "text" || t == "character varying") return Type::kString;
    return Type::kNull;
  }
};

}  // namespace

const TypeMapper& Types() {
  static const Mapper mapper;
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
