#include "normalize/column_registry.h"

#include "normalize/naming.h"

namespace aq {

namespace {
// Cannot collide with a JSON key: keys are matched as the text they unescape to, and this one
// holds a byte that the flattener never looks up.
constexpr std::string_view kCompanionKey = "\x01offset_minutes";
}  // namespace

ColumnRegistry::ColumnRegistry(std::vector<std::string> key_columns)
    : key_columns_(std::move(key_columns)) {}

uint32_t ColumnRegistry::Intern(uint32_t parent, std::string_view key) {
  std::lock_guard lock(mu_);
  return InternLocked(parent, key, false);
}

uint32_t ColumnRegistry::InternOffsetCompanion(uint32_t parent) {
  std::lock_guard lock(mu_);
  return InternLocked(parent, kCompanionKey, true);
}

uint32_t ColumnRegistry::InternLocked(uint32_t parent, std::string_view key, bool companion) {
  std::string lookup(reinterpret_cast<const char*>(&parent), sizeof parent);
  lookup.append(key);
  auto it = ids_.find(lookup);
  if (it != ids_.end()) return it->second;
  PathInfo info;
  info.parent = parent;
  info.key = std::string(key);
  info.offset_companion = companion;
  const PathInfo* parent_info = parent == kRootPath ? nullptr : &paths_[parent];
  if (companion) {
    info.dotted_path = parent_info->dotted_path + " (UTC offset)";
    info.base_name = parent_info->base_name + "_offset_minutes";
  } else {
    info.dotted_path = parent_info ? parent_info->dotted_path + "." + info.key : info.key;
    info.base_name = JoinColumnName(parent_info ? parent_info->base_name : "", SnakeCase(key));
  }
  for (size_t i = 0; i < key_columns_.size(); ++i) {
    if (key_columns_[i] == info.base_name) info.key_index = static_cast<int>(i);
  }
  auto id = static_cast<uint32_t>(paths_.size());
  paths_.push_back(std::move(info));
  ids_.emplace(std::move(lookup), id);
  return id;
}

void ColumnRegistry::MarkHasChildren(uint32_t id) {
  std::lock_guard lock(mu_);
  paths_[id].has_children = true;
}

PathInfo ColumnRegistry::Get(uint32_t id) const {
  std::lock_guard lock(mu_);
  return paths_[id];
}

size_t ColumnRegistry::size() const {
  std::lock_guard lock(mu_);
  return paths_.size();
}

}  // namespace aq
