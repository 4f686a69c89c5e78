// Deterministic generator of synthetic OpenAQ-shaped raw data, for tests, samples and benchmarks.
//
// Produces OpenAQ v2 `/measurements` records (one JSON object per measurement, keys in the
// API's order) for about twenty invented Belgian stations: hourly values with a diurnal and
// seasonal pattern plus noise, `date.local` in Europe/Brussels time with the EU summer-time
// rule, a null `city` for some stations and an occasional null `isAnalysis`. The numbers are
// NOT real measurements.
//
// Records are time-major (every station x parameter series for one hour, then the next hour),
// like pages of the API. Row i of the output is a pure function of (seed, start_utc,
// duplicate_fraction, format, i): the same options give byte-identical output on every
// platform (integer arithmetic and an own PRNG only), and any slice of rows can be produced
// without generating the rows before it.
//
// records.cc synthesises the records (from the tables in network.h); generator.cc writes them
// to files through the FileSystem seam, so a local directory and s3://bucket/prefix/ behave alike.
//
// Thread safety: the only shared state is immutable tables; concurrent calls are fine.
// Ownership: the sink's chunk is only valid during the callback; nothing is retained.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "io/filesystem.h"

namespace aq {

enum class GenerateFormat {
  kJsonLines,  // one compact record per line
  kJsonArray,  // one array, pretty-printed with a 2-space indent, as saved from an API
  kEnvelope,   // {"meta": {...}, "results": [...]} pretty-printed, as returned by the API
};

enum class GenerateCompression { kNone, kGzip, kZstd };

struct GenerateOptions {
  uint64_t rows = 1000;
  uint64_t seed = 42;
  int files = 1;  // rows split evenly over files; the first files take one extra row if uneven
  GenerateFormat format = GenerateFormat::kJsonLines;
  GenerateCompression compression = GenerateCompression::kNone;
  std::string start_utc = "2024-01-01T00:00:00Z";  // first hour; must be on the hour
  // Share of output rows (0..0.9) that repeat an earlier record byte for byte (same locationId,
  // parameter and date.utc), a few hours back at most and possibly in an earlier file. A
  // repeated row takes the place of the record that would have been there, so the row count
  // stays exact and the number of distinct keys drops accordingly.
  double duplicate_fraction = 0.0;
};

struct GenerateResult {
  uint64_t rows = 0;
  uint64_t bytes = 0;              // bytes stored (compressed size when compressed)
  uint64_t json_bytes = 0;         // bytes of JSON before compression
  std::vector<std::string> files;  // full paths (out_dir/name), in row order
};

// Writes options.files files named part-00000.jsonl (or .json for the array and envelope
// formats), plus .gz or .zst when compressed, into out_dir on `fs`: a local directory (created if
// missing) or an object prefix such as s3://bucket/prefix/. Each file is published only when it
// is complete (FileSystem::OpenWrite: a temporary file renamed into place, or a completed
// upload), so a reader never sees half a file; files finished before an error stay. Compression
// uses the files sink's codecs at their default levels: gzip level 6 (one gzip member per chunk
// of at most 1 MiB of JSON), zstd level 3 with a content checksum (one frame per file).
Result<GenerateResult> GenerateOpenAq(const GenerateOptions& options, FileSystem& fs,
                                      const std::string& out_dir);

// Checks the options that shape the records (start_utc, duplicate_fraction).
Status ValidateRecordOptions(const GenerateOptions& options);

// Streams the uncompressed contents of one file holding rows [first_row, first_row + row_count)
// to `sink`, in chunks of at most 1 MiB (the only buffer). For the array and envelope formats
// the chunks include the surrounding brackets and "meta". options.rows, files and compression
// are not used here. Stops at, and returns, the first error the sink returns.
Status GenerateRecords(const GenerateOptions& options, uint64_t first_row, uint64_t row_count,
                       const std::function<Status(std::string_view chunk)>& sink);

// Number of station x parameter series, i.e. rows per hour of data. With rows a multiple of
// this, the output covers whole hours.
uint64_t GenerateSeriesCount();

}  // namespace aq
