// PostgreSQL column types for aqpipe types and back, identifier and literal
// quoting, and the CSV text that COPY ... FROM STDIN reads (docs/postgresql.md).
//
// Timestamps are TIMESTAMPTZ loaded from CellText's UTC "YYYY-MM-DD HH:MM:SS[.f]"
// (the session's TimeZone is UTC while casting); arrays are JSONB.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sinks/type_mapper.h"

namespace aq::postgresql {

// Longest identifier PostgreSQL keeps (NAMEDATALEN - 1); longer ones are silently truncated.
inline constexpr size_t kMaxIdentifierBytes = 63;

// Declares "BIGINT", "DOUBLE PRECISION", "BOOLEAN", "TEXT", "TIMESTAMPTZ", "JSONB". Reads back
// pg's format_type() text (e.g. "timestamp with time zone"); integer, numeric, varchar(n)... are
// Type::kNull.
const TypeMapper& Types();

// "name" with embedded quotes doubled.
std::string QuoteIdentifier(std::string_view name);
// "schema"."name"
std::string QualifiedName(std::string_view schema, std::string_view name);
// 'text' with embedded quotes doubled (standard_conforming_strings, on since PostgreSQL 9.1).
std::string QuoteLiteral(std::string_view text);
// The name of the unique index on the natural key of `table`, at most kMaxIdentifierBytes long.
std::string KeyIndexName(std::string_view table);

// Appends `value` as one CSV field of COPY (FORMAT csv): quoted when empty (an unquoted empty
// field is NULL) or when it holds a delimiter, quote, backslash or line break.
void AppendCsvField(std::string_view value, std::string* out);

// A text[] literal, {"a","b"}, for binding a list as one parameter.
std::string ArrayLiteral(const std::vector<std::string>& values);

}  // namespace aq::postgresql
