// The record stream of `aqpipe generate`: rows as pure functions of their coordinates (see
// generator.h), rendered from per-series text templates.
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "generate/generator.h"
#include "generate/network.h"
#include "normalize/timestamp.h"

namespace aq {
namespace {

using namespace synthetic;  // NOLINT(google-build-using-namespace): this file's own tables

// A chunk is flushed once it could no longer take the largest record (a pretty-printed one is
// under 1 KiB), so no chunk exceeds kChunkBytes.
constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kRecordHeadroom = 4096;
constexpr size_t kFlushAt = kChunkBytes - kRecordHeadroom;

// A duplicate repeats a record at most this many rows back (a few hours of data).
constexpr uint64_t kDuplicateWindow = 4096;
constexpr double kMaxDuplicateFraction = 0.9;
// Timestamps are written with four-digit years: hours since the epoch before 10000-01-01.
constexpr int64_t kEndHour = 253402300800 / 3600;

// ---------------------------------------------------------------------------------------------
// Randomness: a counter-based hash (splitmix64's finalizer), so any row can be produced
// directly from its coordinates and the output does not depend on how rows are sliced.

uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Distinct streams keep the decisions independent of each other.
enum Stream : uint64_t { kDailyStream = 1, kNoiseStream, kAnalysisStream, kDupStream, kDupBack };

uint64_t Hash(uint64_t seed, Stream stream, uint64_t a, uint64_t b = 0) {
  return Mix(Mix(Mix(seed ^ (stream * 0xd6e8feb86659fd93ULL)) ^ a) ^ b);
}

int Uniform(uint64_t h, int n) { return static_cast<int>(h % static_cast<uint64_t>(n)); }

// ---------------------------------------------------------------------------------------------
// Time: UTC hours and Europe/Brussels local time, computed with the EU rule (no tz database).
// Hours are never before 1970 (ParseStartHour), so plain division splits seconds into days.

constexpr int64_t kSecondsPerDay = 86400;

// 01:00 UTC on the last Sunday of `month` (3 or 10): when EU summer time starts or ends.
int64_t LastSundayOneUtc(int64_t year, unsigned month) {
  int64_t last_day = DaysFromCivil(year, month + 1, 1) - 1;
  return (last_day - WeekdayFromDays(last_day)) * kSecondsPerDay + 3600;
}

int BrusselsOffsetHours(int64_t unix_seconds) {
  int64_t year = CivilFromDays(unix_seconds / kSecondsPerDay).year;
  bool summer =
      unix_seconds >= LastSundayOneUtc(year, 3) && unix_seconds < LastSundayOneUtc(year, 10);
  return summer ? 2 : 1;
}

// Strictly "YYYY-MM-DDTHH:00:00Z" from 1970 on; returns seconds since the epoch.
Result<int64_t> ParseStartHour(const std::string& text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("start_utc \"" + text + "\" " + std::string(why) +
                           "; use an hour such as 2024-01-01T00:00:00Z");
  };
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != sizeof kShape - 1) return bad("is not in the form YYYY-MM-DDTHH:00:00Z");
  for (size_t i = 0; i < text.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) {
      return bad("is not in the form YYYY-MM-DDTHH:00:00Z");
    }
  }
  Timestamp start;
  const char* reason = "is not a valid date-time";
  if (ParseTimestamp(text, &start, &reason) != TimestampParse::kOk) {
    return bad(std::string("is not valid (") + reason + ")");
  }
  if (start.epoch_seconds < 0) return bad("is before 1970");
  if (start.epoch_seconds % 3600 != 0) return bad("is not on the hour");
  return start.epoch_seconds;
}

// ---------------------------------------------------------------------------------------------
// Record templates: each record is five pieces of fixed text around four variable slots (value,
// date.utc, date.local, isAnalysis), rendered once per series and format so that writing a
// record is a handful of memcpys.

constexpr char kSlot = '\x01';

struct JsonMember;

struct JsonNode {
  std::string raw;                  // scalar JSON text, used when members is empty
  std::vector<JsonMember> members;  // vector of an incomplete type: fine since C++17, unlike pair
};

struct JsonMember {
  std::string first;  // key
  JsonNode second;    // value
};

JsonNode Raw(std::string text) { return {std::move(text), {}}; }

JsonNode Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return Raw(out + "\"");
}

void Render(const JsonNode& node, bool pretty, int indent, std::string* out) {
  if (node.members.empty()) {
    *out += node.raw;
    return;
  }
  *out += '{';
  for (size_t i = 0; i < node.members.size(); ++i) {
    if (i > 0) *out += ',';
    if (pretty) *out += '\n' + std::string(indent + 2, ' ');
    *out += '"' + node.members[i].first + (pretty ? "\": " : "\":");
    Render(node.members[i].second, pretty, indent + 2, out);
  }
  if (pretty) *out += '\n' + std::string(indent, ' ');
  *out += '}';
}

std::vector<std::string> SplitAtSlots(const std::string& text) {
  std::vector<std::string> pieces(1);
  for (char c : text) {
    if (c == kSlot) {
      pieces.emplace_back();
    } else {
      pieces.back() += c;
    }
  }
  return pieces;
}

JsonNode RecordNode(const Series& s) {
  const Station& st = *s.station;
  const ParamInfo& p = kParams[s.param];
  std::string slot(1, kSlot);
  JsonNode date{"", {{"utc", Quoted(slot)}, {"local", Quoted(slot)}}};
  JsonNode coordinates{"", {{"latitude", Raw(st.latitude)}, {"longitude", Raw(st.longitude)}}};
  return JsonNode{"",
                  {{"locationId", Raw(std::to_string(st.id))},
                   {"location", Quoted(st.location)},
                   {"parameter", Quoted(p.name)},
                   {"value", Raw(slot)},
                   {"date", date},
                   {"unit", Quoted(p.unit)},
                   {"coordinates", coordinates},
                   {"country", Quoted("BE")},
                   {"city", st.city ? Quoted(st.city) : Raw("null")},
                   {"isMobile", Raw("false")},
                   {"isAnalysis", Raw(slot)},
                   {"entity", Quoted(st.community ? "community" : "government")},
                   {"sensorType", Quoted(st.community ? "low-cost sensor" : "reference grade")}}};
}

struct RecordTemplate {
  std::array<std::string, 5> pieces;
};

// `indent` is the indentation of the record's opening brace; negative means compact.
std::vector<RecordTemplate> BuildTemplates(int indent) {
  std::vector<RecordTemplate> out;
  for (const Series& s : AllSeries()) {
    std::string text = indent < 0 ? "" : std::string(indent, ' ');
    Render(RecordNode(s), indent >= 0, indent < 0 ? 0 : indent, &text);
    std::vector<std::string> pieces = SplitAtSlots(text);
    RecordTemplate t;
    for (size_t i = 0; i < t.pieces.size(); ++i) t.pieces[i] = std::move(pieces.at(i));
    out.push_back(std::move(t));
  }
  return out;
}

// The text around the records of one file.
struct FileLayout {
  int record_indent = -1;
  std::string before;      // before the first record
  std::string separator;   // between records
  std::string after;       // after the last record
  std::string when_empty;  // the whole file when it has no records
};

FileLayout LayoutFor(GenerateFormat format, uint64_t row_count) {
  switch (format) {
    case GenerateFormat::kJsonLines:
      return {-1, "", "\n", "\n", ""};
    case GenerateFormat::kJsonArray:
      return {2, "[\n", ",\n", "\n]\n", "[]\n"};
    case GenerateFormat::kEnvelope:
      break;
  }
  std::string count = std::to_string(row_count);
  JsonNode meta{"",
                {{"name", Quoted("openaq-api")},
                 {"license", Quoted("CC BY 4.0")},
                 {"website", Quoted("https://api.openaq.org/")},
                 {"page", Raw("1")},
                 {"limit", Raw(count)},
                 {"found", Raw(count)}}};
  JsonNode root{"", {{"meta", meta}, {"results", Raw(std::string(1, kSlot))}}};
  std::string text;
  Render(root, true, 0, &text);
  std::vector<std::string> around = SplitAtSlots(text);
  return {4, around[0] + "[\n", ",\n", "\n  ]" + around[1] + "\n",
          around[0] + "[]" + around[1] + "\n"};
}

// ---------------------------------------------------------------------------------------------
// Values.

struct HourInfo {
  int64_t hour = INT64_MIN;     // hours since the epoch
  char utc[kMaxTimestampText];  // YYYY-MM-DDTHH:00:00Z
  size_t utc_size = 0;
  char local[kMaxTimestampText];  // YYYY-MM-DDTHH:00:00+0H:00
  size_t local_size = 0;
  unsigned local_hour = 0;
  unsigned month = 1;  // 1..12, local
};

void FillHour(int64_t hour, HourInfo* info) {
  Timestamp utc;
  utc.epoch_seconds = hour * 3600;
  utc.has_offset = true;
  utc.zulu = true;
  Timestamp local = utc;
  local.zulu = false;
  local.offset_minutes = static_cast<int16_t>(BrusselsOffsetHours(utc.epoch_seconds) * 60);
  int64_t local_seconds = utc.epoch_seconds + int64_t{local.offset_minutes} * 60;
  info->hour = hour;
  info->utc_size = FormatWithOffset(utc, info->utc);
  info->local_size = FormatWithOffset(local, info->local);
  info->local_hour = static_cast<unsigned>(local_seconds % kSecondsPerDay / 3600);
  info->month = CivilFromDays(local_seconds / kSecondsPerDay).month;
}

// The value in units of 10^-decimals: a station and parameter level shaped by hour of day and
// month, times a day-to-day "weather" factor shared by all hours of a day and an hourly noise.
// Integer arithmetic only, so the result is the same on every platform.
int64_t ScaledValue(uint64_t seed, const Series& s, size_t series_index, const HourInfo& h) {
  const ParamInfo& p = kParams[s.param];
  int64_t level = s.station->level;
  if (s.param == kO3) level = (300 - level) / 2;  // ozone is lower where traffic is heavy
  uint64_t day = static_cast<uint64_t>(h.hour / 24);
  uint64_t daily_hash = Hash(seed, kDailyStream, day, series_index);
  int64_t daily = 50 + Uniform(daily_hash, 61) + Uniform(daily_hash >> 20, 61);  // 50..170 %
  uint64_t noise_hash = Hash(seed, kNoiseStream, static_cast<uint64_t>(h.hour), series_index);
  int64_t noise = 75 + Uniform(noise_hash, 26) + Uniform(noise_hash >> 20, 26);        // 75..125 %
  if (Uniform(noise_hash >> 40, 400) == 0) noise *= 2 + Uniform(noise_hash >> 50, 2);  // episode
  int64_t product = p.mean_hundredths * level * (*p.hours)[h.local_hour] *
                    (*p.months)[h.month - 1] * daily * noise;
  int64_t divisor = p.decimals == 1 ? 100000000000LL : 10000000000LL;  // 5 percents, to 10^-d
  return (product + divisor / 2) / divisor;
}

// Writes a non-negative fixed-point number the way JavaScript prints it: no trailing zeros.
char* PutScaled(char* out, int64_t scaled, int decimals) {
  int64_t unit = decimals == 1 ? 10 : 100;
  out = std::to_chars(out, out + 20, scaled / unit).ptr;
  int64_t frac = scaled % unit;
  if (frac == 0) return out;
  *out++ = '.';
  if (decimals == 1) {
    *out++ = static_cast<char>('0' + frac);
  } else {
    *out++ = static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) *out++ = static_cast<char>('0' + frac % 10);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The record stream.

class RecordWriter {
 public:
  RecordWriter(const GenerateOptions& options, int64_t start_hour, int record_indent)
      : seed_(options.seed),
        start_hour_(start_hour),
        templates_(BuildTemplates(record_indent)),
        dup_threshold_(DuplicateThreshold(options.duplicate_fraction)) {}

  // Appends output row `row` to `out`, which has room for kRecordHeadroom more bytes.
  void Append(uint64_t row, std::string* out) {
    uint64_t source = SourceRow(row);
    uint64_t series_count = templates_.size();
    int64_t hour = start_hour_ + static_cast<int64_t>(source / series_count);
    size_t index = static_cast<size_t>(source % series_count);
    if (hour != hour_.hour) FillHour(hour, &hour_);
    const Series& series = AllSeries()[index];
    const auto& pieces = templates_[index].pieces;
    char value[32];
    char* value_end =
        PutScaled(value, ScaledValue(seed_, series, index, hour_), kParams[series.param].decimals);
    bool null_analysis =
        Hash(seed_, kAnalysisStream, static_cast<uint64_t>(hour), index) % 1000 < 3;
    *out += pieces[0];
    out->append(value, value_end);
    *out += pieces[1];
    out->append(hour_.utc, hour_.utc_size);
    *out += pieces[2];
    out->append(hour_.local, hour_.local_size);
    *out += pieces[3];
    *out += null_analysis ? std::string_view("null") : std::string_view("false");
    *out += pieces[4];
  }

 private:
  // Maps a fraction in [0, 1] to a threshold on 53-bit hash values.
  static uint64_t DuplicateThreshold(double fraction) {
    return static_cast<uint64_t>(std::ldexp(fraction, 53));
  }

  bool IsDuplicate(uint64_t row) const {
    return row > 0 && (Hash(seed_, kDupStream, row) >> 11) < dup_threshold_;
  }

  // The row whose fresh record output row `row` shows: itself, or for a duplicate the row it
  // repeats (followed back until a non-duplicate, so it repeats what was really written).
  uint64_t SourceRow(uint64_t row) const {
    if (dup_threshold_ == 0) return row;
    while (IsDuplicate(row)) {
      uint64_t window = std::min(row, kDuplicateWindow);
      row -= 1 + Hash(seed_, kDupBack, row) % window;
    }
    return row;
  }

  uint64_t seed_;
  int64_t start_hour_;
  std::vector<RecordTemplate> templates_;
  uint64_t dup_threshold_;
  HourInfo hour_;
};

}  // namespace

uint64_t GenerateSeriesCount() { return AllSeries().size(); }

Status ValidateRecordOptions(const GenerateOptions& options) {
  // A duplicate may land on another duplicate and is then followed further back; capping the
  // share keeps those chains short.
  double f = options.duplicate_fraction;
  if (!(f >= 0.0 && f <= kMaxDuplicateFraction)) {
    return InvalidArgument("duplicate_fraction must be between 0 and 0.9, got " +
                           std::to_string(f));
  }
  return ParseStartHour(options.start_utc).status();
}

Status GenerateRecords(const GenerateOptions& options, uint64_t first_row, uint64_t row_count,
                       const std::function<Status(std::string_view chunk)>& sink) {
  AQ_RETURN_IF_ERROR(ValidateRecordOptions(options));
  AQ_ASSIGN_OR_RETURN(int64_t start, ParseStartHour(options.start_utc));
  if (row_count > UINT64_MAX - first_row) {
    return InvalidArgument("first_row + row_count overflows a 64-bit row number");
  }
  uint64_t hours_needed = row_count == 0 ? 0 : (first_row + row_count - 1) / GenerateSeriesCount();
  if (hours_needed >= static_cast<uint64_t>(kEndHour - start / 3600)) {
    return InvalidArgument("the requested rows run past the year 9999; ask for fewer rows");
  }
  FileLayout layout = LayoutFor(options.format, row_count);
  if (row_count == 0) return layout.when_empty.empty() ? Status::Ok() : sink(layout.when_empty);

  RecordWriter writer(options, start / 3600, layout.record_indent);
  std::string buffer;
  buffer.reserve(kChunkBytes);
  buffer += layout.before;
  for (uint64_t row = first_row; row < first_row + row_count; ++row) {
    if (row != first_row) buffer += layout.separator;
    writer.Append(row, &buffer);
    if (buffer.size() >= kFlushAt) {
      AQ_RETURN_IF_ERROR(sink(buffer));
      buffer.clear();
    }
  }
  buffer += layout.after;
  return sink(buffer);
}

}  // namespace aq
