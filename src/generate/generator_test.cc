#include "generate/generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "io/local/filesystem.h"
#include "testing/test_util.h"

namespace aq {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;
using simdjson::dom::element_type;
using testing::Unzstd;

// ---------------------------------------------------------------------------------------------
// Helpers.

std::string Generate(const GenerateOptions& options, uint64_t first_row, uint64_t row_count) {
  std::string out;
  Status status = GenerateRecords(options, first_row, row_count, [&](std::string_view chunk) {
    out.append(chunk);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

std::string Generate(const GenerateOptions& options) { return Generate(options, 0, options.rows); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Decompresses a whole gzip file, which may be several members one after the other.
std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (rc == Z_STREAM_END && z.avail_in > 0) rc = inflateReset(&z);  // the next member
  }
  inflateEnd(&z);
  EXPECT_EQ(rc, Z_STREAM_END) << "gzip stream incomplete or corrupt";
  return out;
}

// Number of gzip members in `data` (each starts with 1f 8b 08 and is followed by the next).
int GzipMembers(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  char buffer[65536];
  int members = 0;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      ++members;
      if (z.avail_in == 0) break;
      inflateReset(&z);
    } else if (rc != Z_OK) {
      ADD_FAILURE() << "corrupt gzip member " << members;
      break;
    }
  }
  inflateEnd(&z);
  return members;
}

// Objects in memory, as an object store holds them: each published whole by Close, or never.
// A write fails once `fail_after_bytes` bytes have gone into one stream, to test that a file
// that fails midway is not published.
class MemoryFileSystem : public FileSystem {
 public:
  std::map<std::string, std::string> objects;
  uint64_t fail_after_bytes = UINT64_MAX;

  using FileSystem::List;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix,
                                       std::vector<std::string>* /*passed_over*/) override {
    std::vector<ObjectInfo> out;
    for (const auto& [path, bytes] : objects) {
      if (path.starts_with(prefix)) out.push_back({path, bytes.size(), "", false});
    }
    return out;
  }
  Result<ObjectInfo> Stat(const std::string& path) override {
    auto it = objects.find(path);
    if (it == objects.end()) return NotFound(path);
    return ObjectInfo{path, it->second.size(), "", false};
  }
  Result<std::unique_ptr<InputStream>> OpenRead(const ObjectInfo& /*object*/, uint64_t /*offset*/,
                                                uint64_t /*length*/) override {
    return Internal("not used by these tests");
  }
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override {
    return std::unique_ptr<OutputStream>(std::make_unique<Stream>(this, path));
  }
  Status Delete(const std::string& path) override {
    objects.erase(path);
    return Status::Ok();
  }

 private:
  class Stream : public OutputStream {
   public:
    Stream(MemoryFileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}
    Status Write(std::string_view bytes) override {
      if (bytes_.size() + bytes.size() > fs_->fail_after_bytes) {
        return IoError("injected failure writing " + path_);
      }
      bytes_.append(bytes);
      return Status::Ok();
    }
    Status Close() override {
      fs_->objects[path_] = std::move(bytes_);
      return Status::Ok();
    }

   private:
    MemoryFileSystem* fs_;
    std::string path_;
    std::string bytes_;
  };
};

// "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"; returns seconds since the epoch, or
// nullopt if the text does not have that shape.
std::optional<int64_t> ParseInstant(std::string_view text) {
  auto num = [&](size_t pos, size_t len) { return std::stoi(std::string(text.substr(pos, len))); };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T') return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                  std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                  std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  int64_t seconds = int64_t{std::chrono::sys_days{ymd}.time_since_epoch().count()} * 86400 +
                    num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2);
  std::string_view zone = text.substr(19);
  if (zone == "Z") return seconds;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  int offset = num(20, 2) * 3600 + num(23, 2) * 60;
  return zone[0] == '+' ? seconds - offset : seconds + offset;
}

element At(element object, std::string_view key) { return object.at_key(key); }

std::string Str(element string) { return std::string(std::string_view(string)); }

bool IsNumber(element_type t) {
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

std::vector<std::string> Keys(element object) {
  std::vector<std::string> keys;
  for (auto field : object.get_object()) keys.emplace_back(field.key);
  return keys;
}

// Checks the OpenAQ v2 /measurements shape: key order and the type of every value.
void ExpectOpenAqRecord(element record) {
  ASSERT_EQ(record.type(), element_type::OBJECT);
  EXPECT_EQ(Keys(record),
            (std::vector<std::string>{"locationId", "location", "parameter", "value", "date",
                                      "unit", "coordinates", "country", "city", "isMobile",
                                      "isAnalysis", "entity", "sensorType"}));
  EXPECT_EQ(At(record, "locationId").type(), element_type::INT64);
  EXPECT_EQ(At(record, "location").type(), element_type::STRING);
  EXPECT_EQ(At(record, "parameter").type(), element_type::STRING);
  EXPECT_TRUE(IsNumber(At(record, "value").type()));
  EXPECT_EQ(Keys(At(record, "date")), (std::vector<std::string>{"utc", "local"}));
  EXPECT_EQ(At(At(record, "date"), "utc").type(), element_type::STRING);
  EXPECT_EQ(At(At(record, "date"), "local").type(), element_type::STRING);
  EXPECT_EQ(At(record, "unit").type(), element_type::STRING);
  EXPECT_EQ(Keys(At(record, "coordinates")), (std::vector<std::string>{"latitude", "longitude"}));
  EXPECT_EQ(At(At(record, "coordinates"), "latitude").type(), element_type::DOUBLE);
  EXPECT_EQ(At(At(record, "coordinates"), "longitude").type(), element_type::DOUBLE);
  EXPECT_EQ(std::string_view(At(record, "country")), "BE");
  element_type city = At(record, "city").type();
  EXPECT_TRUE(city == element_type::STRING || city == element_type::NULL_VALUE);
  EXPECT_EQ(At(record, "isMobile").type(), element_type::BOOL);
  element_type analysis = At(record, "isAnalysis").type();
  EXPECT_TRUE(analysis == element_type::BOOL || analysis == element_type::NULL_VALUE);
  EXPECT_EQ(At(record, "entity").type(), element_type::STRING);
  EXPECT_EQ(At(record, "sensorType").type(), element_type::STRING);
}

// A record's identity for deduplication.
std::string KeyOf(element record) {
  return std::to_string(int64_t(At(record, "locationId"))) + "|" + Str(At(record, "parameter")) +
         "|" + Str(At(At(record, "date"), "utc"));
}

std::string LocalOfFirstRecord(const std::string& start_utc) {
  GenerateOptions options;
  options.start_utc = start_utc;
  simdjson::dom::parser parser;
  element record = parser.parse(Generate(options, 0, 1));
  return Str(At(At(record, "date"), "local"));
}

class GeneratorFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("aqpipe_generator_test_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  GenerateResult GenerateInto(const GenerateOptions& options, const std::string& subdir) {
    Result<GenerateResult> result = GenerateOpenAq(options, local_, (dir_ / subdir).string());
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : GenerateResult{};
  }

  fs::path dir_;
  LocalFileSystem local_;
};

// ---------------------------------------------------------------------------------------------
// Determinism.

TEST(GenerateRecordsTest, SameSeedGivesByteIdenticalOutputInEveryFormat) {
  for (GenerateFormat format :
       {GenerateFormat::kJsonLines, GenerateFormat::kJsonArray, GenerateFormat::kEnvelope}) {
    GenerateOptions options;
    options.rows = 3000;
    options.format = format;
    options.duplicate_fraction = 0.02;
    EXPECT_EQ(Generate(options), Generate(options));
  }
}

TEST(GenerateRecordsTest, DifferentSeedGivesDifferentValuesButSameKeys) {
  GenerateOptions a;
  a.rows = 500;
  GenerateOptions b = a;
  b.seed = 43;
  std::string text_a = Generate(a);
  std::string text_b = Generate(b);
  EXPECT_NE(text_a, text_b);
  simdjson::dom::parser parser_a, parser_b;
  std::vector<std::string> lines_a = Lines(text_a), lines_b = Lines(text_b);
  ASSERT_EQ(lines_a.size(), lines_b.size());
  for (size_t i = 0; i < lines_a.size(); ++i) {
    EXPECT_EQ(KeyOf(parser_a.parse(lines_a[i])), KeyOf(parser_b.parse(lines_b[i])));
  }
}

TEST(GenerateRecordsTest, AnySliceMatchesTheSameRowsOfTheWholeOutput) {
  GenerateOptions options;
  options.rows = 1000;
  options.duplicate_fraction = 0.1;
  std::vector<std::string> all = Lines(Generate(options));
  std::vector<std::string> slice = Lines(Generate(options, 437, 120));
  ASSERT_EQ(slice.size(), 120u);
  for (size_t i = 0; i < slice.size(); ++i) EXPECT_EQ(slice[i], all[437 + i]) << "row " << 437 + i;
}

// ---------------------------------------------------------------------------------------------
// Record shape and formats.

TEST(GenerateRecordsTest, JsonLinesRecordsHaveTheOpenAqKeysAndTypes) {
  GenerateOptions options;
  options.rows = 2000;
  std::string text = Generate(options);
  ASSERT_EQ(text.back(), '\n');
  std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 2000u);
  simdjson::dom::parser parser;
  for (const std::string& line : lines) {
    element record;
    ASSERT_EQ(parser.parse(line).get(record), simdjson::SUCCESS) << line;
    ExpectOpenAqRecord(record);
    if (HasFatalFailure()) return;
  }
}

TEST(GenerateRecordsTest, JsonArrayIsPrettyPrintedWithTwoSpaceIndent) {
  GenerateOptions options;
  options.rows = 300;
  options.format = GenerateFormat::kJsonArray;
  std::string text = Generate(options);
  EXPECT_EQ(text.substr(0, 6), "[\n  {\n");
  EXPECT_NE(text.find("\n    \"locationId\": "), std::string::npos);
  EXPECT_NE(text.find("\n      \"utc\": \""), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 7), "\n  }\n]\n");
  EXPECT_GT(Lines(text).size(), 300u * 10);
  simdjson::dom::parser parser;
  element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  ASSERT_EQ(doc.type(), element_type::ARRAY);
  EXPECT_EQ(simdjson::dom::array(doc).size(), 300u);
  for (element record : simdjson::dom::array(doc)) ExpectOpenAqRecord(record);
}

TEST(GenerateRecordsTest, EnvelopeHasMetaAndResultsLikeTheApi) {
  GenerateOptions options;
  options.rows = 250;
  options.format = GenerateFormat::kEnvelope;
  std::string text = Generate(options);
  EXPECT_EQ(text.substr(0, 14), "{\n  \"meta\": {\n");
  simdjson::dom::parser parser;
  element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"meta", "results"}));
  EXPECT_EQ(std::string_view(At(At(doc, "meta"), "name")), "openaq-api");
  EXPECT_EQ(int64_t(At(At(doc, "meta"), "found")), 250);
  simdjson::dom::array results = At(doc, "results");
  EXPECT_EQ(results.size(), 250u);
  for (element record : results) ExpectOpenAqRecord(record);
}

TEST(GenerateRecordsTest, EmptyFilesAreStillValidJson) {
  GenerateOptions options;
  options.format = GenerateFormat::kJsonArray;
  EXPECT_EQ(Generate(options, 0, 0), "[]\n");
  options.format = GenerateFormat::kEnvelope;
  simdjson::dom::parser parser;
  element doc = parser.parse(Generate(options, 0, 0));
  EXPECT_EQ(simdjson::dom::array(At(doc, "results")).size(), 0u);
  options.format = GenerateFormat::kJsonLines;
  EXPECT_EQ(Generate(options, 0, 0), "");
}

TEST(GenerateRecordsTest, RecordsAreTimeMajorWithEverySeriesEachHour) {
  GenerateOptions options;
  uint64_t series = GenerateSeriesCount();
  options.rows = series * 3;
  std::vector<std::string> lines = Lines(Generate(options));
  simdjson::dom::parser parser;
  const std::vector<std::string> hours = {"2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z",
                                          "2024-01-01T02:00:00Z"};
  std::map<std::string, std::set<std::string>> series_by_hour;
  for (size_t i = 0; i < lines.size(); ++i) {
    element record = parser.parse(lines[i]);
    std::string utc = Str(At(At(record, "date"), "utc"));
    EXPECT_EQ(utc, hours[i / series]);
    series_by_hour[utc].insert(KeyOf(record));
  }
  ASSERT_EQ(series_by_hour.size(), 3u);
  for (const auto& [hour, keys] : series_by_hour) EXPECT_EQ(keys.size(), series) << hour;
}

TEST(GenerateRecordsTest, NetworkLooksLikeBelgianStationsWithPlausibleValues) {
  GenerateOptions options;
  options.rows = 20000;
  std::vector<std::string> lines = Lines(Generate(options));
  simdjson::dom::parser parser;
  std::set<int64_t> stations, stations_without_city;
  std::set<std::string> parameters;
  int null_analysis = 0;
  for (const std::string& line : lines) {
    element record = parser.parse(line);
    int64_t id = At(record, "locationId");
    stations.insert(id);
    if (At(record, "city").is_null()) stations_without_city.insert(id);
    if (At(record, "isAnalysis").is_null()) ++null_analysis;
    std::string parameter = Str(At(record, "parameter"));
    parameters.insert(parameter);
    EXPECT_EQ(std::string_view(At(record, "unit")), parameter == "co" ? "mg/m³" : "µg/m³");
    double value = At(record, "value");
    EXPECT_GE(value, 0.0);
    EXPECT_LT(value, parameter == "co" ? 5.0 : 500.0);
    // Decimals as written: one for µg/m³ parameters, up to two for CO.
    size_t start = line.find("\"value\":") + 8;
    std::string text = line.substr(start, line.find(',', start) - start);
    size_t dot = text.find('.');
    size_t decimals = dot == std::string::npos ? 0 : text.size() - dot - 1;
    EXPECT_LE(decimals, parameter == "co" ? 2u : 1u) << text;
    double latitude = At(At(record, "coordinates"), "latitude");
    double longitude = At(At(record, "coordinates"), "longitude");
    EXPECT_TRUE(latitude > 49.5 && latitude < 51.5 && longitude > 2.55 && longitude < 6.4)
        << latitude << "," << longitude;
  }
  EXPECT_GE(stations.size(), 18u);
  EXPECT_LE(stations.size(), 22u);
  EXPECT_FALSE(stations_without_city.empty());
  EXPECT_LT(stations_without_city.size(), stations.size() / 2);
  EXPECT_EQ(parameters, (std::set<std::string>{"co", "no2", "o3", "pm10", "pm25", "so2"}));
  EXPECT_GT(null_analysis, 0);  // "a few per thousand"
  EXPECT_LT(null_analysis, 200);
}

// ---------------------------------------------------------------------------------------------
// Time.

TEST(GenerateRecordsTest, LocalTimeSwitchesToSummerTimeOnLastSundayOfMarch) {
  EXPECT_EQ(LocalOfFirstRecord("2024-03-31T00:00:00Z"), "2024-03-31T01:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2024-03-31T01:00:00Z"), "2024-03-31T03:00:00+02:00");
  EXPECT_EQ(LocalOfFirstRecord("2024-03-24T01:00:00Z"), "2024-03-24T02:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2023-03-26T00:00:00Z"), "2023-03-26T01:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2023-03-26T01:00:00Z"), "2023-03-26T03:00:00+02:00");
  EXPECT_EQ(LocalOfFirstRecord("2025-03-30T00:00:00Z"), "2025-03-30T01:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2025-03-30T01:00:00Z"), "2025-03-30T03:00:00+02:00");
}

TEST(GenerateRecordsTest, LocalTimeSwitchesBackToWinterTimeOnLastSundayOfOctober) {
  EXPECT_EQ(LocalOfFirstRecord("2024-10-27T00:00:00Z"), "2024-10-27T02:00:00+02:00");
  EXPECT_EQ(LocalOfFirstRecord("2024-10-27T01:00:00Z"), "2024-10-27T02:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2024-10-20T01:00:00Z"), "2024-10-20T03:00:00+02:00");
  EXPECT_EQ(LocalOfFirstRecord("2023-10-29T00:00:00Z"), "2023-10-29T02:00:00+02:00");
  EXPECT_EQ(LocalOfFirstRecord("2023-10-29T01:00:00Z"), "2023-10-29T02:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2025-10-26T01:00:00Z"), "2025-10-26T02:00:00+01:00");
  EXPECT_EQ(LocalOfFirstRecord("2024-12-31T23:00:00Z"), "2025-01-01T00:00:00+01:00");
}

TEST(GenerateRecordsTest, UtcAndLocalDenoteTheSameInstantEveryHourOf2024) {
  GenerateOptions options;
  options.start_utc = "2024-01-01T00:00:00Z";
  const int64_t summer_start = *ParseInstant("2024-03-31T01:00:00Z");
  const int64_t summer_end = *ParseInstant("2024-10-27T01:00:00Z");
  simdjson::dom::parser parser;
  for (uint64_t hour = 0; hour < 366 * 24; ++hour) {
    element record = parser.parse(Generate(options, hour * GenerateSeriesCount(), 1));
    std::string_view utc_text = At(At(record, "date"), "utc");
    std::string_view local_text = At(At(record, "date"), "local");
    std::optional<int64_t> utc = ParseInstant(utc_text);
    std::optional<int64_t> local = ParseInstant(local_text);
    ASSERT_TRUE(utc && local) << utc_text << " " << local_text;
    ASSERT_EQ(*utc, *ParseInstant("2024-01-01T00:00:00Z") + int64_t(hour) * 3600) << utc_text;
    ASSERT_EQ(*utc, *local) << utc_text << " vs " << local_text;
    bool summer = *utc >= summer_start && *utc < summer_end;
    ASSERT_EQ(local_text.substr(19), summer ? "+02:00" : "+01:00") << utc_text;
  }
}

TEST(GenerateRecordsTest, RejectsBadOptions) {
  for (const char* start : {"2024-01-01", "2024-01-01T00:30:00Z", "2024-02-30T00:00:00Z",
                            "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z", "not a date"}) {
    GenerateOptions options;
    options.start_utc = start;
    Status status = GenerateRecords(options, 0, 1, [](std::string_view) { return Status::Ok(); });
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << start;
  }
  for (double fraction : {-0.1, 0.95, std::nan("")}) {
    GenerateOptions options;
    options.duplicate_fraction = fraction;
    Status status = GenerateRecords(options, 0, 1, [](std::string_view) { return Status::Ok(); });
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << fraction;
  }
}

// ---------------------------------------------------------------------------------------------
// Streaming.

TEST(GenerateRecordsTest, ChunksStayWithinOneMebibyte) {
  GenerateOptions options;
  options.format = GenerateFormat::kEnvelope;
  size_t chunks = 0, largest = 0, total = 0;
  Status status = GenerateRecords(options, 0, 20000, [&](std::string_view chunk) {
    ++chunks;
    largest = std::max(largest, chunk.size());
    total += chunk.size();
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_GT(total, 5u << 20);
  EXPECT_GT(chunks, 5u);
  EXPECT_LE(largest, 1u << 20);
}

TEST(GenerateRecordsTest, StopsAtTheFirstSinkError) {
  GenerateOptions options;
  int calls = 0;
  Status status = GenerateRecords(options, 0, 50000, [&](std::string_view) {
    ++calls;
    return IoError("disk full");
  });
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(calls, 1);
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

TEST(GenerateRecordsTest, NoDuplicateFractionMeansEveryKeyIsUnique) {
  GenerateOptions options;
  options.rows = 10000;
  simdjson::dom::parser parser;
  std::set<std::string> keys;
  for (const std::string& line : Lines(Generate(options))) keys.insert(KeyOf(parser.parse(line)));
  EXPECT_EQ(keys.size(), 10000u);
}

TEST(GenerateRecordsTest, DuplicateFractionRepeatsEarlierRecordsExactly) {
  GenerateOptions options;
  options.rows = 20000;
  options.duplicate_fraction = 0.05;
  simdjson::dom::parser parser;
  std::map<std::string, std::string> first_line_by_key;
  int repeats = 0;
  for (const std::string& line : Lines(Generate(options))) {
    auto [it, inserted] = first_line_by_key.emplace(KeyOf(parser.parse(line)), line);
    if (!inserted) {
      ++repeats;
      EXPECT_EQ(line, it->second) << "a repeat must be byte-identical to the first occurrence";
    }
  }
  EXPECT_GT(repeats, 700);  // 5% of 20000 = 1000
  EXPECT_LT(repeats, 1300);
}

// ---------------------------------------------------------------------------------------------
// Files.

TEST_F(GeneratorFilesTest, SplitsRowsEvenlyOverNamedFiles) {
  GenerateOptions options;
  options.rows = 1003;
  options.files = 4;
  GenerateResult result = GenerateInto(options, "out");
  EXPECT_EQ(result.rows, 1003u);
  ASSERT_EQ(result.files.size(), 4u);
  std::vector<size_t> counts;
  for (const std::string& file : result.files) counts.push_back(Lines(ReadFile(file)).size());
  EXPECT_EQ(counts, (std::vector<size_t>{251, 251, 251, 250}));
  EXPECT_EQ(fs::path(result.files[0]).filename(), "part-00000.jsonl");
  EXPECT_EQ(fs::path(result.files[3]).filename(), "part-00003.jsonl");
}

TEST_F(GeneratorFilesTest, SplittingIntoFilesKeepsTheSameRecordsInOrder) {
  GenerateOptions options;
  options.rows = 2500;
  options.duplicate_fraction = 0.03;
  std::string one_file = ReadFile(GenerateInto(options, "one").files.at(0));
  options.files = 7;
  std::string joined;
  for (const std::string& file : GenerateInto(options, "seven").files) joined += ReadFile(file);
  EXPECT_EQ(joined, one_file);
  EXPECT_EQ(one_file, Generate(options));
}

TEST_F(GeneratorFilesTest, SameOptionsWriteByteIdenticalFiles) {
  GenerateOptions options;
  options.rows = 3000;
  options.files = 2;
  options.compression = GenerateCompression::kGzip;
  GenerateResult a = GenerateInto(options, "a");
  GenerateResult b = GenerateInto(options, "b");
  ASSERT_EQ(a.files.size(), 2u);
  for (size_t i = 0; i < a.files.size(); ++i) EXPECT_EQ(ReadFile(a.files[i]), ReadFile(b.files[i]));
  EXPECT_EQ(a.bytes, b.bytes);
}

TEST_F(GeneratorFilesTest, GzipAndZstdDecompressToTheUncompressedRecords) {
  for (GenerateFormat format : {GenerateFormat::kJsonLines, GenerateFormat::kEnvelope}) {
    GenerateOptions options;
    options.rows = 5000;
    options.files = 3;
    options.format = format;
    std::string tag = format == GenerateFormat::kJsonLines ? "lines" : "envelope";
    GenerateResult plain = GenerateInto(options, tag + "-plain");
    options.compression = GenerateCompression::kGzip;
    GenerateResult gzip = GenerateInto(options, tag + "-gzip");
    options.compression = GenerateCompression::kZstd;
    GenerateResult zstd = GenerateInto(options, tag + "-zstd");
    ASSERT_EQ(gzip.files.size(), 3u);
    ASSERT_EQ(zstd.files.size(), 3u);
    std::string ext = format == GenerateFormat::kJsonLines ? ".jsonl" : ".json";
    EXPECT_EQ(fs::path(gzip.files[1]).filename(), "part-00001" + ext + ".gz");
    EXPECT_EQ(fs::path(zstd.files[1]).filename(), "part-00001" + ext + ".zst");
    for (size_t i = 0; i < 3; ++i) {
      std::string expected = ReadFile(plain.files[i]);
      EXPECT_EQ(Gunzip(ReadFile(gzip.files[i])), expected);
      EXPECT_EQ(Unzstd(ReadFile(zstd.files[i])), expected);
    }
    EXPECT_EQ(gzip.json_bytes, plain.bytes);
    EXPECT_LT(gzip.bytes, plain.bytes / 4);
    EXPECT_LT(zstd.bytes, plain.bytes / 4);
  }
}

TEST_F(GeneratorFilesTest, LeavesOnlyFinishedFilesBehind) {
  GenerateOptions options;
  options.rows = 100;
  options.files = 3;
  options.compression = GenerateCompression::kZstd;
  GenerateResult result = GenerateInto(options, "nested/out");
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_ / "nested/out")) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"part-00000.jsonl.zst", "part-00001.jsonl.zst",
                                          "part-00002.jsonl.zst"}));
  uint64_t on_disk = 0;
  for (const std::string& file : result.files) on_disk += fs::file_size(file);
  EXPECT_EQ(result.bytes, on_disk);
}

TEST(GenerateRecordsTest, RejectsRowsPastTheYear9999) {
  GenerateOptions options;
  options.start_utc = "9999-12-31T23:00:00Z";
  auto ignore = [](std::string_view) { return Status::Ok(); };
  EXPECT_TRUE(GenerateRecords(options, 0, GenerateSeriesCount(), ignore).ok());
  Status status = GenerateRecords(options, 0, GenerateSeriesCount() + 1, ignore);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST_F(GeneratorFilesTest, RejectsZeroFiles) {
  GenerateOptions options;
  options.files = 0;
  Result<GenerateResult> result = GenerateOpenAq(options, local_, (dir_ / "out").string());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Writing through the FileSystem seam (what makes --out s3://bucket/prefix/ work).

TEST_F(GeneratorFilesTest, AnyFileSystemGetsTheSameObjectsAsALocalDirectory) {
  for (GenerateCompression compression :
       {GenerateCompression::kNone, GenerateCompression::kGzip, GenerateCompression::kZstd}) {
    GenerateOptions options;
    options.rows = 4000;
    options.files = 2;
    options.compression = compression;
    GenerateResult local = GenerateInto(options, "local");
    MemoryFileSystem memory;
    Result<GenerateResult> remote = GenerateOpenAq(options, memory, "mem://bucket/gen/");
    ASSERT_TRUE(remote.ok()) << remote.status().ToString();
    ASSERT_EQ(remote->files.size(), 2u);
    ASSERT_EQ(memory.objects.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(remote->files[i],
                "mem://bucket/gen/" + fs::path(local.files[i]).filename().string());
      EXPECT_EQ(memory.objects.at(remote->files[i]), ReadFile(local.files[i])) << remote->files[i];
    }
    EXPECT_EQ(remote->bytes, local.bytes);
    EXPECT_EQ(remote->json_bytes, local.json_bytes);
  }
}

TEST_F(GeneratorFilesTest, OutWithOrWithoutTrailingSlashNamesTheSameObjects) {
  GenerateOptions options;
  options.rows = 10;
  MemoryFileSystem with, without;
  ASSERT_TRUE(GenerateOpenAq(options, with, "mem://b/gen/").ok());
  ASSERT_TRUE(GenerateOpenAq(options, without, "mem://b/gen").ok());
  EXPECT_EQ(with.objects, without.objects);
  EXPECT_EQ(with.objects.begin()->first, "mem://b/gen/part-00000.jsonl");
}

TEST_F(GeneratorFilesTest, AFileThatFailsMidwayIsNeverPublished) {
  GenerateOptions options;
  options.rows = 24000;  // about 4 MB of JSON per file: several chunks each
  options.files = 2;
  MemoryFileSystem memory;
  memory.fail_after_bytes = 3 << 20;
  Result<GenerateResult> result = GenerateOpenAq(options, memory, "mem://b/gen/");
  ASSERT_EQ(result.status().code(), StatusCode::kIoError);
  EXPECT_NE(result.status().message().find("mem://b/gen/part-00000.jsonl"), std::string::npos)
      << result.status().message();
  EXPECT_TRUE(memory.objects.empty());  // the half-written first file was dropped, not closed
}

TEST_F(GeneratorFilesTest, BadOptionsWriteNoFileAtAll) {
  GenerateOptions options;
  options.start_utc = "2024-02-30T00:00:00Z";
  MemoryFileSystem memory;
  Result<GenerateResult> result = GenerateOpenAq(options, memory, "mem://b/gen/");
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("February 30 does not exist"), std::string::npos)
      << result.status().message();
  EXPECT_TRUE(memory.objects.empty());
}

TEST_F(GeneratorFilesTest, LargeGzipFilesAreConcatenatedMembersOfAtMostOneMebibyte) {
  GenerateOptions options;
  options.rows = 10000;  // about 3.5 MB of JSON lines
  options.compression = GenerateCompression::kGzip;
  GenerateResult gzip = GenerateInto(options, "gzip");
  std::string compressed = ReadFile(gzip.files.at(0));
  EXPECT_EQ(GzipMembers(compressed), static_cast<int>((gzip.json_bytes + (1 << 20) - 1) >> 20));
  EXPECT_EQ(Gunzip(compressed), Generate(options));
}

}  // namespace
}  // namespace aq
