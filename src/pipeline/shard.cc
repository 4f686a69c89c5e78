#include "pipeline/shard.h"

#include <algorithm>
#include <charconv>

namespace aq {
namespace {

std::optional<uint32_t> ParseCount(std::string_view text) {
  uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

Result<ShardSpec> MakeShard(std::optional<uint32_t> index, std::optional<uint32_t> count,
                            const std::string& what) {
  if (!index || !count) {
    return InvalidArgument(what + ": expected two whole numbers I/N, e.g. 0/4");
  }
  if (*count == 0 || *index >= *count) {
    return InvalidArgument(what + ": the index must be 0-based and below the count (0 <= I < N)");
  }
  return ShardSpec{*index, *count};
}

}  // namespace

Result<ShardSpec> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string what = "--shard " + std::string(text);
  if (slash == std::string_view::npos) return MakeShard(std::nullopt, std::nullopt, what);
  return MakeShard(ParseCount(text.substr(0, slash)), ParseCount(text.substr(slash + 1)), what);
}

Result<std::optional<ShardSpec>> ShardFromEnvironment(const EnvLookup& getenv) {
  const std::pair<const char*, const char*> pairs[] = {
      {"AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE"},
      {"JOB_COMPLETION_INDEX", "AQPIPE_SHARD_COUNT"}};
  for (const auto& [index_name, count_name] : pairs) {
    const std::optional<std::string> index = getenv(index_name);
    const std::optional<std::string> count = getenv(count_name);
    if (!index && !count) continue;
    const std::string what = std::string(index_name) + "=" + index.value_or("(unset)") + " " +
                             count_name + "=" + count.value_or("(unset)");
    if (!index || !count) {
      return InvalidArgument(what + ": set both, or pass --shard I/N");
    }
    Result<ShardSpec> shard = MakeShard(ParseCount(*index), ParseCount(*count), what);
    if (!shard.ok()) return shard.status();
    return std::optional<ShardSpec>(*shard);
  }
  return std::optional<ShardSpec>();
}

std::vector<ObjectInfo> ShardShare(std::vector<ObjectInfo> objects, const ShardSpec& shard) {
  std::stable_sort(objects.begin(), objects.end(),
                   [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
  std::vector<uint64_t> load(shard.count, 0);
  std::vector<ObjectInfo> share;
  for (ObjectInfo& object : objects) {
    const auto lightest = std::min_element(load.begin(), load.end());
    // +1: empty files still spread out instead of all landing on shard 0.
    *lightest += object.size + 1;
    if (static_cast<uint32_t>(lightest - load.begin()) == shard.index) {
      share.push_back(std::move(object));
    }
  }
  return share;
}

std::string ShardPrefix(std::string_view run_stage, const ShardSpec& shard) {
  std::string prefix(run_stage);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return prefix + "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) +
         "/";
}

std::optional<ShardSpec> ParseShardFolder(std::string_view name) {
  if (!name.empty() && name.back() == '/') name.remove_suffix(1);
  constexpr std::string_view kHead = "shard-";
  if (!name.starts_with(kHead)) return std::nullopt;
  name.remove_prefix(kHead.size());
  const size_t of = name.find("-of-");
  if (of == std::string_view::npos) return std::nullopt;
  Result<ShardSpec> shard =
      MakeShard(ParseCount(name.substr(0, of)), ParseCount(name.substr(of + 4)), "");
  if (!shard.ok()) return std::nullopt;
  return *shard;
}

}  // namespace aq
