// Column naming: JSON keys to snake_case column names (docs/flattening.md).
//
//   locationId -> location_id, isMobile -> is_mobile, HTTPStatus -> http_status,
//   "pm2.5" -> pm2_5, "" -> unnamed, "2nd" -> _2nd; nested keys join with '_':
//   date.utc -> date_utc.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace aq {

std::string SnakeCase(std::string_view key);
std::string JoinColumnName(std::string_view parent, std::string_view child_snake);

}  // namespace aq
