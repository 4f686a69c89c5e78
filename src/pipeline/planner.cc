#include "pipeline/planner.h"

#include "readers/decompress.h"
#include "readers/record_format.h"

namespace aq {
namespace {

// True when the object is plain (uncompressed) JSON Lines, judged from its first 64 KiB.
Result<bool> IsPlainJsonLines(const SourceObject& object) {
  AQ_ASSIGN_OR_RETURN(auto stream, object.fs->OpenRead(object.info, 0, 64 * 1024));
  std::string head(64 * 1024, '\0');
  size_t have = 0;
  while (have < head.size()) {
    AQ_ASSIGN_OR_RETURN(size_t n, stream->Read(head.data() + have, head.size() - have));
    if (n == 0) break;
    have += n;
  }
  head.resize(have);
  // A UTF-16 file is read whole, so that UnitReader refuses it with a hint.
  return DetectCompression(head) == Compression::kNone && !LooksLikeUtf16(head) &&
         SniffRecordFormat(head) == RecordFormat::kJsonLines;
}

}  // namespace

Result<std::vector<WorkUnit>> PlanWorkUnits(const std::vector<SourceObject>& objects,
                                            uint64_t split_bytes) {
  std::vector<WorkUnit> units;
  for (uint32_t i = 0; i < objects.size(); ++i) {
    const ObjectInfo& info = objects[i].info;
    bool split = false;
    // A stream (standard input) can be read only once, front to back: never in ranges.
    if (!info.stream && split_bytes > 0 && info.size > split_bytes * 3 / 2) {
      auto plain = IsPlainJsonLines(objects[i]);
      if (!plain.ok()) return plain.status().WithContext("reading " + info.path);
      split = *plain;
    }
    if (!split) {
      units.push_back({i, 0, kToEnd, true});
      continue;
    }
    uint64_t begin = 0;
    while (begin < info.size) {
      uint64_t end = std::min(info.size, begin + split_bytes);
      if (info.size - end < split_bytes / 2) end = info.size;  // no tiny last range
      units.push_back({i, begin, end, begin == 0});
      begin = end;
    }
  }
  return units;
}

}  // namespace aq
