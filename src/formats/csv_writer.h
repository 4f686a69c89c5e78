// CSV encoding of flattened rows (RFC 4180 quoting, LF line ends).
//
// The dialect is chosen so that every loader we target reads NULL and the
// empty string differently: NULL is an empty unquoted field, the empty string
// is "" (Snowflake: FIELD_OPTIONALLY_ENCLOSED_BY='"' EMPTY_FIELD_AS_NULL=TRUE;
// PostgreSQL: COPY ... (FORMAT csv)). A field is quoted, with its quotes
// doubled, when it holds ',', '"', CR or LF, and also when it is exactly "\."
// (PostgreSQL reads an unquoted \. line as end-of-data).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aq {

// True when `value` must be enclosed in quotes to read back as itself.
bool CsvNeedsQuotes(std::string_view value);

// Appends `value` enclosed in quotes, its quotes doubled.
void AppendCsvQuoted(std::string_view value, std::string* out);

// Appends the header line: `names` as fields, then '\n'.
void AppendCsvHeader(const std::vector<std::string>& names, std::string* out);

// Appends `value` as one non-NULL field ("" for the empty string). A NULL field appends nothing.
inline void AppendCsvField(std::string_view value, std::string* out) {
  if (CsvNeedsQuotes(value)) {
    AppendCsvQuoted(value, out);
  } else {
    out->append(value);
  }
}

}  // namespace aq
