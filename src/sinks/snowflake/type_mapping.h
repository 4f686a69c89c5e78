// Snowflake column types for aqpipe types and back, identifier and literal
// quoting (docs/snowflake.md).
//
// Identifiers: Snowflake folds unquoted names to upper case. aqpipe's names
// (lower snake_case) become upper case (location_id -> LOCATION_ID), as
// Snowflake users expect and can query unquoted; a name with any character
// outside [a-z0-9_$] or starting with a digit or '$' keeps its exact spelling.
// Every identifier is written quoted ("LOCATION_ID"), so reserved words are safe.
//
// Timestamps are TIMESTAMP_TZ cast from CellText's UTC "YYYY-MM-DD HH:MM:SS[.f]"
// in a session whose TIMEZONE is UTC; arrays are VARIANT via PARSE_JSON.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "sinks/type_mapper.h"

namespace aq::snowflake {

// Declares "NUMBER(38,0)", "FLOAT", "BOOLEAN", "VARCHAR", "TIMESTAMP_TZ", "VARIANT". Reads back
// INFORMATION_SCHEMA.COLUMNS' DATA_TYPE with NUMERIC_SCALE; NUMBER(p,s>0), DATE, TIMESTAMP_NTZ...
// are Type::kNull.
const TypeMapper& Types();
// The expression that turns staged text `column` into a value of `type`.
std::string CastFromText(const std::string& column, Type type);

// The name as Snowflake stores it: simple lower-case names upper-cased, others unchanged.
std::string StoredName(std::string_view name);
// StoredName's inverse: simple upper-case names lower-cased (LOCATION_ID -> location_id), others
// unchanged.
std::string RunName(std::string_view stored);
// StoredName quoted, with embedded quotes doubled: location_id -> "LOCATION_ID".
std::string QuoteIdentifier(std::string_view name);
// 'text' with quotes doubled and backslashes escaped (Snowflake reads \ escapes in literals).
std::string QuoteLiteral(std::string_view text);
// Appends QuoteLiteral(text) to *out.
void AppendLiteral(std::string_view text, std::string* out);

}  // namespace aq::snowflake
