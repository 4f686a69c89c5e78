// SQLite column types for aqpipe types, and back (docs/type-mapping.md).
// Declared types give SQLite's type affinity; timestamps are TEXT in UTC,
// "YYYY-MM-DD HH:MM:SS[.f]", the form SQLite's date and time functions read.
//
// Thread safety: pure functions.
#pragma once

#include "sinks/type_mapper.h"

namespace aq::sqlite {

// BOOLEAN, BIGINT, DOUBLE, TIMESTAMP, else TEXT; reading back, any other declared type is text.
const TypeMapper& Types();

}  // namespace aq::sqlite
