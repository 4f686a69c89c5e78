// ColumnRegistry: the run-wide dictionary of JSON paths seen in the data.
//
// Every object key path ("date" / "utc") gets a stable id the first time any
// worker meets it; flatteners cache ids so the registry's lock is taken only
// for paths new to that worker. Each id also knows its base column name
// (snake_case path, before collision suffixes) and whether it is part of the
// natural key. The schema (column order, types, final names) is decided
// elsewhere, in source order; ids are just handles.
//
// Thread safety: all methods are safe to call concurrently.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace aq {

inline constexpr uint32_t kRootPath = UINT32_MAX;

struct PathInfo {
  uint32_t parent = kRootPath;
  std::string key;                // the JSON key as written (unescaped)
  std::string dotted_path;        // "date.utc", for messages and the flatten plan
  std::string base_name;          // "date_utc"
  int key_index = -1;             // position in the natural key, or -1
  bool offset_companion = false;  // "<parent>_offset_minutes", derived from a timestamp's offset
  bool has_children = false;      // some record has an object at this path
};

class ColumnRegistry {
 public:
  explicit ColumnRegistry(std::vector<std::string> key_columns);

  // Id of `key` under `parent` (kRootPath for top-level keys), created if new.
  uint32_t Intern(uint32_t parent, std::string_view key);
  // Id of the UTC-offset companion column of timestamp path `parent`.
  uint32_t InternOffsetCompanion(uint32_t parent);
  // Marks `id` as holding an object in at least one record.
  void MarkHasChildren(uint32_t id);

  PathInfo Get(uint32_t id) const;
  size_t size() const;
  const std::vector<std::string>& key_columns() const { return key_columns_; }

 private:
  uint32_t InternLocked(uint32_t parent, std::string_view key, bool companion);

  mutable std::mutex mu_;
  std::vector<std::string> key_columns_;
  std::deque<PathInfo> paths_;
  std::map<std::string, uint32_t, std::less<>> ids_;  // parent id bytes + key -> id
};

}  // namespace aq
