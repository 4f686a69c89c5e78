// The nesting limit of records (--max-depth): levels of objects a record may have, the record
// itself being level 1. Deeper records are quarantined. The limit keeps the flattener's recursive
// walk on a bounded stack; kMaxMaxDepth stays below simdjson's own limit (1024 levels).
#pragma once

namespace aq {

inline constexpr int kDefaultMaxDepth = 64;
inline constexpr int kMaxMaxDepth = 1000;

}  // namespace aq
