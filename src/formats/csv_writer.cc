#include "formats/csv_writer.h"

#include <array>

namespace aq {
namespace {

// Bytes that force quoting; a table keeps the per-byte test to one load and one branch.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>(',')] = true;
  table[static_cast<unsigned char>('"')] = true;
  table[static_cast<unsigned char>('\r')] = true;
  table[static_cast<unsigned char>('\n')] = true;
  return table;
}();

}  // namespace

bool CsvNeedsQuotes(std::string_view value) {
  if (value.empty() || value == "\\.") return true;
  for (char c : value) {
    if (kSpecial[static_cast<unsigned char>(c)]) return true;
  }
  return false;
}

void AppendCsvQuoted(std::string_view value, std::string* out) {
  out->push_back('"');
  for (size_t quote = value.find('"'); quote != std::string_view::npos; quote = value.find('"')) {
    out->append(value.substr(0, quote + 1));
    out->push_back('"');
    value.remove_prefix(quote + 1);
  }
  out->append(value);
  out->push_back('"');
}

void AppendCsvHeader(const std::vector<std::string>& names, std::string* out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendCsvField(names[i], out);
  }
  out->push_back('\n');
}

}  // namespace aq
