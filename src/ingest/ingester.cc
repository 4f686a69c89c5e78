#include "ingest/ingester.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include "formats/compressor.h"
#include "ingest/records.h"
#include "ingest/state.h"
#include "ingest/time_window.h"

namespace aq::ingest {
namespace {

constexpr int64_t kDefaultLookback = 86400;  // a first run without --from fetches one day

struct Target {
  const Location* location;
  const Sensor* sensor;
};

std::string Join(const std::string& out, const std::string& name) {
  return out.empty() || out.back() == '/' ? out + name : out + "/" + name;
}

class Ingest {
 public:
  Ingest(const IngestOptions& options, openaq::OpenAqClient& client, FileSystem& fs,
         const ProgressCallback& progress)
      : options_(options),
        client_(client),
        fs_(fs),
        progress_(progress),
        state_path_(StatePath(options.out, options.data)),
        started_(std::chrono::steady_clock::now()) {}

  Result<IngestSummary> Run() {
    AQ_ASSIGN_OR_RETURN(state_, LoadState(fs_, state_path_, options_.data));
    AQ_ASSIGN_OR_RETURN(auto gzip, Compressor::Make(FileCodec::kGzip, -1));
    gzip_ = std::move(gzip);
    AQ_RETURN_IF_ERROR(ListLocations());
    std::vector<Target> targets;
    for (const Location& location : locations_) {
      for (const Sensor& sensor : location.sensors) {
        if (options_.parameters.empty() || options_.parameters.count(sensor.parameter) > 0) {
          targets.push_back({&location, &sensor});
        }
      }
    }
    std::sort(targets.begin(), targets.end(),
              [](const Target& a, const Target& b) { return a.sensor->id < b.sensor->id; });
    summary_.locations = locations_.size();
    summary_.sensors = targets.size();
    for (const Target& target : targets) {
      AQ_RETURN_IF_ERROR(IngestSensor(*target.location, *target.sensor));
      ++done_;
      Report();
    }
    summary_.api = client_.stats();
    summary_.seconds = Seconds();
    return summary_;
  }

 private:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

  void Report() {
    if (!progress_) return;
    progress_({done_, summary_.sensors, summary_.records, client_.stats().requests,
               client_.limiter().LeftInLongestWindow(), Seconds()});
  }

  Status ListLocations() {
    return client_.ForEachPage("/v3/locations", {{"iso", options_.country}}, openaq::kMaxPageLimit,
                               [this](const openaq::Page& page) -> Status {
                                 for (const std::string& json : page.results) {
                                   AQ_ASSIGN_OR_RETURN(Location location, ParseLocation(json));
                                   locations_.push_back(std::move(location));
                                 }
                                 return Status::Ok();
                               });
  }

  int64_t StartFor(const Sensor& sensor) const {
    auto it = state_.watermarks.find(sensor.id);
    std::optional<int64_t> start = options_.from;
    if (it != state_.watermarks.end()) start = std::max(start.value_or(it->second), it->second);
    return start.value_or(options_.to - kDefaultLookback);
  }

  Status IngestSensor(const Location& location, const Sensor& sensor) {
    const int64_t start = StartFor(sensor);
    if (start >= options_.to) {
      ++summary_.sensors_up_to_date;
      return Status::Ok();
    }
    if (!location.last_utc.empty()) {
      Result<int64_t> last = ParseInstant(location.last_utc);
      if (last.ok() && *last < start) {
        ++summary_.sensors_idle;
        return Status::Ok();
      }
    }
    ++summary_.sensors_fetched;
    const ChunkUnit unit = options_.data == "days" ? ChunkUnit::kYear : ChunkUnit::kMonth;
    for (auto [from, to] : SplitWindow(start, options_.to, unit)) {
      AQ_RETURN_IF_ERROR(IngestChunk(location, sensor, from, to));
      state_.watermarks[sensor.id] = to;
      AQ_RETURN_IF_ERROR(SaveState(fs_, state_path_, options_.data, state_));
    }
    return Status::Ok();
  }

  Status IngestChunk(const Location& location, const Sensor& sensor, int64_t from, int64_t to) {
    std::map<std::string, std::string> by_day;
    const std::string path = "/v3/sensors/" + std::to_string(sensor.id) + "/" + options_.data;
    Status status = client_.ForEachPage(
        path, {{"datetime_from", FormatInstant(from)}, {"datetime_to", FormatInstant(to)}},
        openaq::kMaxPageLimit, [&](const openaq::Page& page) -> Status {
          for (const std::string& json : page.results) {
            AQ_ASSIGN_OR_RETURN(EnrichedRecord record,
                                Enrich(json, location, sensor, options_.data));
            std::string& lines = by_day[record.day.empty() ? "undated" : record.day];
            lines += record.line;
            lines += '\n';
            ++summary_.records;
          }
          return Status::Ok();
        });
    if (!status.ok()) return status.WithContext("sensor " + std::to_string(sensor.id));
    for (const auto& [day, lines] : by_day) {
      const std::string object = Join(options_.out, options_.data + "/date=" + day + "/sensor-" +
                                                        std::to_string(sensor.id) + "-" +
                                                        CompactInstant(from) + ".jsonl.gz");
      gzip_->Reset();
      AQ_ASSIGN_OR_RETURN(std::string_view body, gzip_->CompressBlock(lines));
      std::string bytes(body);
      AQ_ASSIGN_OR_RETURN(std::string_view tail, gzip_->Finish());
      bytes += tail;
      Status written = WriteAll(fs_, object, bytes);
      if (!written.ok()) return written.WithContext("writing " + object);
      ++summary_.objects;
      summary_.bytes += bytes.size();
    }
    return Status::Ok();
  }

  const IngestOptions& options_;
  openaq::OpenAqClient& client_;
  FileSystem& fs_;
  const ProgressCallback& progress_;
  const std::string state_path_;
  const std::chrono::steady_clock::time_point started_;
  std::unique_ptr<Compressor> gzip_;
  IngestState state_;
  std::vector<Location> locations_;
  IngestSummary summary_;
  uint64_t done_ = 0;
};

}  // namespace

bool IsDataKind(const std::string& data) {
  return data == "measurements" || data == "hours" || data == "days";
}

Result<IngestSummary> RunIngest(const IngestOptions& options, openaq::OpenAqClient& client,
                                FileSystem& fs, const ProgressCallback& progress) {
  if (!IsDataKind(options.data)) {
    return InvalidArgument("--data " + options.data + ": expected measurements, hours or days");
  }
  if (options.from && *options.from >= options.to) {
    return InvalidArgument("--from " + FormatInstant(*options.from) + " is not before --to " +
                           FormatInstant(options.to));
  }
  Ingest ingest(options, client, fs, progress);
  return ingest.Run();
}

}  // namespace aq::ingest
