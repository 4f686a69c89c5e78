// SQLite column types for aqpipe types, and back (docs/type-mapping.md).
// Declared types give SQLite's type affinity; timestamps are TEXT in UTC,
// "YYYY-MM-DD HH:MM:SS[.f]", the form SQLite's date and time functions read.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "normalize/types.h"

namespace aq::sqlite {

const char* DeclaredType(Type type);
Type TypeOfDeclared(const std::string& declared);

}  // namespace aq::sqlite
