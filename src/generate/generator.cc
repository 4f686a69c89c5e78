#include "generate/generator.h"

#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>

namespace aq {
namespace {

// A chunk is flushed once it could no longer take the largest record (a pretty-printed one is
// under 1 KiB), so no chunk exceeds kChunkBytes.
constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kRecordHeadroom = 4096;
constexpr size_t kFlushAt = kChunkBytes - kRecordHeadroom;

constexpr int kMaxFiles = 100000;  // file names carry five digits
// A duplicate repeats a record at most this many rows back (a few hours of data).
constexpr uint64_t kDuplicateWindow = 4096;
constexpr double kMaxDuplicateFraction = 0.9;
// Timestamps are written with four-digit years: hours since the epoch before 10000-01-01.
constexpr int64_t kEndHour = 253402300800 / 3600;

// ---------------------------------------------------------------------------------------------
// Static description of the synthetic network.

enum Param { kPm25, kPm10, kNo2, kO3, kSo2, kCo, kParamCount };

// Percent of the daily mean by local hour of day.
using HourProfile = std::array<int, 24>;
// Percent of the yearly mean by month.
using MonthProfile = std::array<int, 12>;

constexpr HourProfile kTrafficHours = {70, 60, 55, 55,  60,  80,  115, 145, 150, 125, 100, 90,
                                       90, 90, 95, 105, 125, 145, 140, 120, 105, 95,  85,  75};
constexpr HourProfile kParticleHours = {105, 100, 95, 90, 90,  95,  105, 115, 115, 105, 95,  90,
                                        85,  85,  85, 90, 100, 110, 120, 125, 120, 115, 110, 108};
constexpr HourProfile kOzoneHours = {70,  65,  60,  55,  50,  50,  55,  65,  80, 95, 110, 125,
                                     135, 145, 150, 150, 145, 135, 120, 105, 95, 85, 80,  75};
constexpr HourProfile kFlatHours = {90,  90,  90,  90,  90,  95,  100, 105, 110, 110, 110, 110,
                                    110, 110, 110, 105, 105, 100, 100, 95,  95,  90,  90,  90};

constexpr MonthProfile kParticleMonths = {135, 130, 115, 100, 85, 75, 70, 75, 85, 100, 120, 135};
constexpr MonthProfile kNo2Months = {120, 118, 110, 100, 90, 82, 78, 80, 92, 105, 115, 122};
constexpr MonthProfile kOzoneMonths = {55, 65, 85, 110, 130, 140, 145, 135, 110, 85, 65, 55};
constexpr MonthProfile kSo2Months = {115, 112, 105, 100, 95, 90, 88, 90, 95, 100, 108, 115};

struct ParamInfo {
  const char* name;
  const char* unit;
  int decimals;         // 1 or 2
  int mean_hundredths;  // typical level at an urban background station, in 0.01 units
  const HourProfile* hours;
  const MonthProfile* months;
};

constexpr std::array<ParamInfo, kParamCount> kParams = {{
    {"pm25", "µg/m³", 1, 1100, &kParticleHours, &kParticleMonths},
    {"pm10", "µg/m³", 1, 1900, &kParticleHours, &kParticleMonths},
    {"no2", "µg/m³", 1, 2400, &kTrafficHours, &kNo2Months},
    {"o3", "µg/m³", 1, 4800, &kOzoneHours, &kOzoneMonths},
    {"so2", "µg/m³", 1, 250, &kFlatHours, &kSo2Months},
    {"co", "mg/m³", 2, 30, &kTrafficHours, &kParticleMonths},
}};

constexpr unsigned Bit(Param p) { return 1u << p; }
constexpr unsigned kPm = Bit(kPm25) | Bit(kPm10);
constexpr unsigned kUrban = kPm | Bit(kNo2) | Bit(kO3);
constexpr unsigned kTraffic = kPm | Bit(kNo2) | Bit(kCo);
constexpr unsigned kIndustrial = kPm | Bit(kNo2) | Bit(kSo2);

struct Station {
  int id;
  const char* location;
  const char* city;  // nullptr is written as null, as OpenAQ often does
  const char* latitude;
  const char* longitude;
  bool community;  // a low-cost community sensor rather than a government station
  int level;       // percent of the network's typical pollution level
  unsigned params;
};

// Invented stations at plausible places inside Belgium. Brussels stations use both the Dutch
// and the French city name, as the real feeds do.
constexpr std::array<Station, 20> kStations = {{
    {4101, "Bruxelles-Arts-Loi", "Bruxelles", "50.8454", "4.3699", false, 150, kTraffic},
    {4102, "Brussel-Molenbeek", "Brussel", "50.8510", "4.3230", false, 120, kUrban},
    {4103, "Uccle-Observatoire", "Bruxelles", "50.7980", "4.3580", false, 90, kUrban | Bit(kSo2)},
    {4201, "Antwerpen-Linkeroever", "Antwerpen", "51.2203", "4.3851", false, 110, kUrban},
    {4202, "Antwerpen-Borgerhout", "Antwerpen", "51.2097", "4.4312", false, 145, kTraffic},
    {4203, "Schoten-Park", nullptr, "51.2517", "4.5010", false, 85, kUrban},
    {4301, "Gent-Baudelopark", "Gent", "51.0590", "3.7290", false, 110, kUrban},
    {4302, "Evergem-Haven", nullptr, "51.1570", "3.7690", false, 125, kIndustrial},
    {4303, "Ledeberg Burgersensor 17", "Gent", "51.0380", "3.7420", true, 115, kPm},
    {4401, "Liège-Jonfosse", "Liège", "50.6400", "5.5620", false, 120, kTraffic | Bit(kO3)},
    {4402, "Herstal-Pré-Wigy", nullptr, "50.6640", "5.6220", false, 130, kIndustrial},
    {4501, "Charleroi-Marchienne", "Charleroi", "50.4050", "4.4030", false, 125, kIndustrial},
    {4502, "Charleroi-Centre", "Charleroi", "50.4110", "4.4450", false, 115, kUrban},
    {4601, "Namur-Citadelle", "Namur", "50.4600", "4.8600", false, 90, kUrban},
    {4701, "Brugge-Sint-Pieters", "Brugge", "51.2280", "3.2050", false, 95, kUrban},
    {4702, "Zeebrugge-Haven", nullptr, "51.3290", "3.1950", false, 110, kIndustrial | Bit(kO3)},
    {4801, "Leuven-Diestsepoort", "Leuven", "50.8820", "4.7140", false, 115, kTraffic},
    {4802, "Kessel-Lo Luchtbox", "Leuven", "50.8890", "4.7290", true, 105, kPm},
    {4901, "Mons-Jemappes", "Mons", "50.4520", "3.9180", false, 100, kUrban},
    {5001, "Hasselt-Kuringen", "Hasselt", "50.9350", "5.3000", false, 95, kUrban | Bit(kCo)},
}};

struct Series {
  const Station* station;
  Param param;
};

const std::vector<Series>& AllSeries() {
  static const std::vector<Series> series = [] {
    std::vector<Series> out;
    for (const Station& s : kStations) {
      for (int p = 0; p < kParamCount; ++p) {
        if (s.params & (1u << p)) out.push_back({&s, static_cast<Param>(p)});
      }
    }
    return out;
  }();
  return series;
}

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

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Civil {
  int year;
  unsigned month, day, hour;
};

Civil ToCivil(int64_t unix_seconds) {
  using std::chrono::days;
  using std::chrono::sys_days;
  int64_t day = FloorDiv(unix_seconds, 86400);
  std::chrono::year_month_day ymd{sys_days{days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>((unix_seconds - day * 86400) / 3600)};
}

// 01:00 UTC on the last Sunday of `month`: when EU summer time starts (March) or ends (October).
int64_t LastSundayOneUtc(int year, unsigned month) {
  namespace chrono = std::chrono;
  chrono::sys_days month_end =
      chrono::year_month_day_last{chrono::year{year}, chrono::month_day_last{chrono::month{month}}};
  chrono::sys_days sunday = month_end - (chrono::weekday{month_end} - chrono::Sunday);
  return int64_t{sunday.time_since_epoch().count()} * 86400 + 3600;
}

int BrusselsOffsetHours(int64_t unix_seconds) {
  int year = ToCivil(unix_seconds).year;
  bool summer =
      unix_seconds >= LastSundayOneUtc(year, 3) && unix_seconds < LastSundayOneUtc(year, 10);
  return summer ? 2 : 1;
}

char* PutDigits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Writes "YYYY-MM-DDTHH:00:00" (19 bytes).
char* PutCivilHour(char* out, const Civil& c) {
  out = PutDigits(out, static_cast<unsigned>(c.year), 4);
  *out++ = '-';
  out = PutDigits(out, c.month, 2);
  *out++ = '-';
  out = PutDigits(out, c.day, 2);
  *out++ = 'T';
  out = PutDigits(out, c.hour, 2);
  // A fixed-width field in a larger record, not a C string: no terminator wanted.
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  std::memcpy(out, ":00:00", 6);
  return out + 6;
}

// Strictly "YYYY-MM-DDTHH:00:00Z"; returns seconds since the epoch.
Result<int64_t> ParseStartHour(const std::string& text) {
  auto bad = [&](const char* why) {
    return InvalidArgument("start_utc \"" + text + "\" " + why +
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
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    std::from_chars(text.data() + pos, text.data() + pos + len, v);
    return v;
  };
  std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                  std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                  std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  if (num(0, 4) < 1970 || !ymd.ok()) return bad("is not a valid date from 1970 on");
  if (num(11, 2) > 23) return bad("has an hour above 23");
  if (num(14, 2) != 0 || num(17, 2) != 0) return bad("is not on the hour");
  int64_t day = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return day * 86400 + int64_t{num(11, 2)} * 3600;
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
  int64_t hour = INT64_MIN;  // hours since the epoch
  char utc[20];              // YYYY-MM-DDTHH:00:00Z
  char local[25];            // YYYY-MM-DDTHH:00:00+0H:00
  unsigned local_hour = 0;
  unsigned month = 1;  // 1..12, local
};

void FillHour(int64_t hour, HourInfo* info) {
  int64_t t = hour * 3600;
  int offset = BrusselsOffsetHours(t);
  Civil utc = ToCivil(t);
  Civil local = ToCivil(t + offset * 3600);
  info->hour = hour;
  *PutCivilHour(info->utc, utc) = 'Z';
  char* p = PutCivilHour(info->local, local);
  // The last 6 bytes of the fixed-width, unterminated HourInfo::local field.
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  std::memcpy(p, offset == 2 ? "+02:00" : "+01:00", 6);
  info->local_hour = local.hour;
  info->month = local.month;
}

// The value in units of 10^-decimals: a station and parameter level shaped by hour of day and
// month, times a day-to-day "weather" factor shared by all hours of a day and an hourly noise.
// Integer arithmetic only, so the result is the same on every platform.
int64_t ScaledValue(uint64_t seed, const Series& s, size_t series_index, const HourInfo& h) {
  const ParamInfo& p = kParams[s.param];
  int64_t level = s.station->level;
  if (s.param == kO3) level = (300 - level) / 2;  // ozone is lower where traffic is heavy
  uint64_t day = static_cast<uint64_t>(FloorDiv(h.hour, 24));
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
    out->append(hour_.utc, sizeof hour_.utc);
    *out += pieces[2];
    out->append(hour_.local, sizeof hour_.local);
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

// ---------------------------------------------------------------------------------------------
// Files.

class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)) {}
  ~OutputFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status Open() {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) return Error("creating");
    return Status::Ok();
  }
  Status Write(const void* data, size_t size) {
    if (size > 0 && std::fwrite(data, 1, size, file_) != size) return Error("writing");
    bytes_ += size;
    return Status::Ok();
  }
  Status Close() {
    std::FILE* f = std::exchange(file_, nullptr);
    if (std::fclose(f) != 0) return Error("closing");
    return Status::Ok();
  }
  uint64_t bytes() const { return bytes_; }

 private:
  Status Error(const char* what) const {
    return IoError(std::string(what) + " " + path_ + ": " + std::strerror(errno) +
                   "; check that the directory is writable and the disk is not full");
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t bytes_ = 0;
};

// Turns uncompressed chunks into the bytes of the file.
class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual Status Write(std::string_view chunk) = 0;
  virtual Status Finish() = 0;
};

class PlainEncoder : public Encoder {
 public:
  explicit PlainEncoder(OutputFile* file) : file_(file) {}
  Status Write(std::string_view chunk) override { return file_->Write(chunk.data(), chunk.size()); }
  Status Finish() override { return Status::Ok(); }

 private:
  OutputFile* file_;
};

class GzipEncoder : public Encoder {
 public:
  explicit GzipEncoder(OutputFile* file) : file_(file), out_(256 * 1024) {
    std::memset(&z_, 0, sizeof z_);
    // 16 + 15 window bits selects the gzip wrapper.
    init_ = deflateInit2(&z_, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  }
  ~GzipEncoder() override {
    if (init_ == Z_OK) deflateEnd(&z_);
  }
  Status Write(std::string_view chunk) override { return Deflate(chunk, Z_NO_FLUSH); }
  Status Finish() override { return Deflate({}, Z_FINISH); }

 private:
  Status Deflate(std::string_view chunk, int flush) {
    if (init_ != Z_OK)
      return Internal("zlib deflateInit2 failed (code " + std::to_string(init_) + ")");
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z_.avail_in = static_cast<uInt>(chunk.size());
    int rc = Z_OK;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(out_.data());
      z_.avail_out = static_cast<uInt>(out_.size());
      rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) return Internal("zlib deflate failed");
      AQ_RETURN_IF_ERROR(file_->Write(out_.data(), out_.size() - z_.avail_out));
    } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return Status::Ok();
  }

  OutputFile* file_;
  std::vector<char> out_;
  z_stream z_;
  int init_;
};

class ZstdEncoder : public Encoder {
 public:
  explicit ZstdEncoder(OutputFile* file)
      : file_(file), cctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize()) {
    if (cctx_ != nullptr) {
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, 3);
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
    }
  }
  ~ZstdEncoder() override { ZSTD_freeCCtx(cctx_); }
  Status Write(std::string_view chunk) override { return Compress(chunk, ZSTD_e_continue); }
  Status Finish() override { return Compress({}, ZSTD_e_end); }

 private:
  Status Compress(std::string_view chunk, ZSTD_EndDirective mode) {
    if (cctx_ == nullptr) return Internal("ZSTD_createCCtx failed (out of memory?)");
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    size_t remaining = 0;
    do {
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      remaining = ZSTD_compressStream2(cctx_, &out, &in, mode);
      if (ZSTD_isError(remaining)) {
        return Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining));
      }
      AQ_RETURN_IF_ERROR(file_->Write(out_.data(), out.pos));
    } while (mode == ZSTD_e_end ? remaining != 0 : in.pos < in.size);
    return Status::Ok();
  }

  OutputFile* file_;
  ZSTD_CCtx* cctx_;
  std::vector<char> out_;
};

std::unique_ptr<Encoder> MakeEncoder(GenerateCompression compression, OutputFile* file) {
  switch (compression) {
    case GenerateCompression::kGzip:
      return std::make_unique<GzipEncoder>(file);
    case GenerateCompression::kZstd:
      return std::make_unique<ZstdEncoder>(file);
    case GenerateCompression::kNone:
      break;
  }
  return std::make_unique<PlainEncoder>(file);
}

std::string FileName(const GenerateOptions& options, int index) {
  char name[16];
  std::snprintf(name, sizeof name, "part-%05d", index);
  std::string out = name;
  out += options.format == GenerateFormat::kJsonLines ? ".jsonl" : ".json";
  if (options.compression == GenerateCompression::kGzip) out += ".gz";
  if (options.compression == GenerateCompression::kZstd) out += ".zst";
  return out;
}

struct FileStats {
  uint64_t bytes = 0;
  uint64_t json_bytes = 0;
};

Result<FileStats> WriteOneFile(const GenerateOptions& options, uint64_t first_row,
                               uint64_t row_count, const std::string& path) {
  OutputFile file(path);
  AQ_RETURN_IF_ERROR(file.Open());
  std::unique_ptr<Encoder> encoder = MakeEncoder(options.compression, &file);
  FileStats stats;
  AQ_RETURN_IF_ERROR(GenerateRecords(options, first_row, row_count, [&](std::string_view chunk) {
    stats.json_bytes += chunk.size();
    return encoder->Write(chunk);
  }));
  AQ_RETURN_IF_ERROR(encoder->Finish());
  AQ_RETURN_IF_ERROR(file.Close());
  stats.bytes = file.bytes();
  return stats;
}

// Writes under a hidden temporary name, then renames, so readers never see a partial file.
Result<FileStats> WriteFileAtomically(const GenerateOptions& options, uint64_t first_row,
                                      uint64_t row_count, const std::filesystem::path& dir,
                                      const std::string& name) {
  std::string final_path = (dir / name).string();
  std::string temp_path = (dir / ("." + name + ".tmp")).string();
  Result<FileStats> stats = WriteOneFile(options, first_row, row_count, temp_path);
  std::error_code ec;
  if (!stats.ok()) {
    std::filesystem::remove(temp_path, ec);
    return stats.status();
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) {
    std::filesystem::remove(temp_path, ec);
    return IoError("renaming " + temp_path + " to " + final_path + ": " + ec.message());
  }
  return stats;
}

}  // namespace

uint64_t GenerateSeriesCount() { return AllSeries().size(); }

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

Result<GenerateResult> GenerateOpenAq(const GenerateOptions& options, const std::string& out_dir) {
  if (options.files < 1 || options.files > kMaxFiles) {
    return InvalidArgument("files must be between 1 and " + std::to_string(kMaxFiles) + ", got " +
                           std::to_string(options.files));
  }
  if (out_dir.empty()) return InvalidArgument("the output directory name is empty");
  AQ_RETURN_IF_ERROR(ValidateRecordOptions(options));
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return IoError("creating output directory " + out_dir + ": " + ec.message());

  GenerateResult result;
  uint64_t files = static_cast<uint64_t>(options.files);
  uint64_t first_row = 0;
  for (uint64_t i = 0; i < files; ++i) {
    uint64_t count = options.rows / files + (i < options.rows % files ? 1 : 0);
    std::string name = FileName(options, static_cast<int>(i));
    AQ_ASSIGN_OR_RETURN(FileStats stats,
                        WriteFileAtomically(options, first_row, count, out_dir, name));
    result.rows += count;
    result.bytes += stats.bytes;
    result.json_bytes += stats.json_bytes;
    result.files.push_back((std::filesystem::path(out_dir) / name).string());
    first_row += count;
  }
  return result;
}

}  // namespace aq
