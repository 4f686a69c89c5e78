// RunIngest: fetches a country's air-quality data from the OpenAQ v3 API into gzip JSON Lines
// objects, incrementally.
//
// Flow: /v3/locations?iso=CC (paged) gives the locations and the sensors each lists; sensors are
// kept when their parameter is in `parameters` (all when empty); for each sensor, in id order,
// /v3/sensors/{id}/{measurements|hours|days} is fetched over [start, to) chunk by chunk
// (time_window.h), where start is the sensor's watermark (state.h), or `from`, whichever is later,
// or one day before `to` for a sensor seen the first time without `from`. A location whose last
// data (datetimeLast) is before start costs no request.
//
// Each chunk's records (records.h) are grouped by their UTC date and written, one atomic object
// per date, as <out>/<data>/date=YYYY-MM-DD/sensor-<id>-<chunk start>.jsonl.gz; then the
// sensor's watermark moves to the chunk's end and the state is saved. Names depend only on the
// sensor and the chunk, so a killed run's rerun rewrites what it had written under the same
// names: no duplicate, and no gap, since nothing below a watermark is ever skipped.
//
// Thread safety: one call at a time per `out`. Ownership: borrows the client and file system.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "clients/openaq/client.h"
#include "common/status.h"
#include "io/filesystem.h"

namespace aq::ingest {

struct IngestOptions {
  std::string country;                // ISO 3166-1 alpha-2, e.g. "BE"
  std::set<std::string> parameters;   // parameter names ("pm25"); empty: every parameter
  std::optional<int64_t> from;        // epoch seconds, inclusive
  int64_t to = 0;                     // epoch seconds, exclusive
  std::string out;                    // a directory or s3://bucket/prefix
  std::string data = "measurements";  // measurements, hours or days
};

struct IngestProgress {
  uint64_t sensors_done = 0;
  uint64_t sensors_total = 0;
  uint64_t records = 0;
  uint64_t requests = 0;
  size_t requests_left = 0;  // what the longest rate window (the hour) admits now
  double seconds = 0;
};

struct IngestSummary {
  uint64_t locations = 0;
  uint64_t sensors = 0;             // selected by --parameters
  uint64_t sensors_fetched = 0;     // with at least one request for data
  uint64_t sensors_up_to_date = 0;  // watermark already at `to`
  uint64_t sensors_idle = 0;        // their location has no data since start
  uint64_t records = 0;
  uint64_t objects = 0;
  uint64_t bytes = 0;  // compressed
  openaq::ClientStats api;
  double seconds = 0;
};

using ProgressCallback = std::function<void(const IngestProgress&)>;

// The --data values and the API paths they read.
bool IsDataKind(const std::string& data);

Result<IngestSummary> RunIngest(const IngestOptions& options, openaq::OpenAqClient& client,
                                FileSystem& fs, const ProgressCallback& progress);

}  // namespace aq::ingest
