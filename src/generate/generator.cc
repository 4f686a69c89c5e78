// The files of `aqpipe generate`: splits the rows over part files and writes each one through
// the FileSystem seam, compressed with the shared codecs of the files sink.
#include "generate/generator.h"

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "formats/compressed_file.h"
#include "formats/compressor.h"

namespace aq {
namespace {

constexpr int kMaxFiles = 100000;  // file names carry five digits

std::optional<FileCodec> CodecOf(GenerateCompression compression) {
  switch (compression) {
    case GenerateCompression::kGzip:
      return FileCodec::kGzip;
    case GenerateCompression::kZstd:
      return FileCodec::kZstd;
    case GenerateCompression::kNone:
      break;
  }
  return std::nullopt;
}

std::string FileName(const GenerateOptions& options, int index) {
  std::optional<FileCodec> codec = CodecOf(options.compression);
  return fmt::format("part-{:05d}{}{}", index,
                     options.format == GenerateFormat::kJsonLines ? ".jsonl" : ".json",
                     codec ? CodecExtension(*codec) : "");
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

struct FileStats {
  uint64_t bytes = 0;       // as stored (compressed when compressed)
  uint64_t json_bytes = 0;  // before compression
};

// One file's rows into `stream`, compressed by `compressor` unless it is null. The stream
// publishes the file only when Close succeeds (a temporary file renamed into place, or a
// completed S3 upload); on any error it is dropped unclosed, which discards what was written.
Result<FileStats> WriteOneFile(const GenerateOptions& options, uint64_t first_row,
                               uint64_t row_count, std::unique_ptr<OutputStream> stream,
                               Compressor* compressor) {
  FileStats stats;
  if (compressor == nullptr) {
    AQ_RETURN_IF_ERROR(GenerateRecords(options, first_row, row_count, [&](std::string_view chunk) {
      stats.json_bytes += chunk.size();
      return stream->Write(chunk);
    }));
    AQ_RETURN_IF_ERROR(stream->Close());
    stats.bytes = stats.json_bytes;
    return stats;
  }
  CompressedFile file(std::move(stream), compressor);
  AQ_RETURN_IF_ERROR(GenerateRecords(options, first_row, row_count, [&](std::string_view chunk) {
    stats.json_bytes += chunk.size();
    return file.Write(chunk);
  }));
  AQ_RETURN_IF_ERROR(file.Close());
  stats.bytes = file.bytes();
  return stats;
}

}  // namespace

Result<GenerateResult> GenerateOpenAq(const GenerateOptions& options, FileSystem& fs,
                                      const std::string& out_dir) {
  if (options.files < 1 || options.files > kMaxFiles) {
    return InvalidArgument("files must be between 1 and " + std::to_string(kMaxFiles) + ", got " +
                           std::to_string(options.files));
  }
  if (out_dir.empty()) return InvalidArgument("the output directory name is empty");
  AQ_RETURN_IF_ERROR(ValidateRecordOptions(options));  // before any file is written
  std::unique_ptr<Compressor> compressor;
  if (std::optional<FileCodec> codec = CodecOf(options.compression)) {
    AQ_ASSIGN_OR_RETURN(compressor, Compressor::Make(*codec, -1));
  }

  GenerateResult result;
  uint64_t files = static_cast<uint64_t>(options.files);
  uint64_t first_row = 0;
  for (uint64_t i = 0; i < files; ++i) {
    uint64_t count = options.rows / files + (i < options.rows % files ? 1 : 0);
    std::string path = JoinPath(out_dir, FileName(options, static_cast<int>(i)));
    AQ_ASSIGN_OR_RETURN(std::unique_ptr<OutputStream> stream, fs.OpenWrite(path));
    // The file systems' errors name the path and what to check; they are passed on as they are.
    AQ_ASSIGN_OR_RETURN(FileStats stats, WriteOneFile(options, first_row, count, std::move(stream),
                                                      compressor.get()));
    result.rows += count;
    result.bytes += stats.bytes;
    result.json_bytes += stats.json_bytes;
    result.files.push_back(path);
    first_row += count;
  }
  return result;
}

}  // namespace aq
