#include "sinks/files/sink.h"

#include <fmt/format.h>

#include <thread>

namespace aq {
namespace {

constexpr char kManifestName[] = "manifest.json";

bool ValidRunId(const std::string& run_id) {
  if (run_id.empty()) return false;
  for (char c : run_id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Only names this sink could have written are ever deleted, whatever an old manifest says:
// a hand-edited or foreign manifest must not make us delete other files.
bool IsPartName(const std::string& name) {
  return name.starts_with("part-") && name.find_first_of("/\\") == std::string::npos &&
         (name.ends_with(".csv.gz") || name.ends_with(".csv.zst"));
}

}  // namespace

FilesSink::FilesSink(FilesSinkOptions options) : options_(std::move(options)) {}

FilesSink::~FilesSink() { Abort(); }

std::string FilesSink::Describe() const {
  return "files " + options_.location + " (CSV, " + CodecName(options_.codec) + ")";
}

std::string FilesSink::PathOf(const std::string& name) const {
  return options_.location.ends_with('/') ? options_.location + name
                                          : options_.location + "/" + name;
}

Status FilesSink::Begin() {
  if (state_ == State::kOpen) return Internal("files sink begun twice");
  if (options_.location.empty())
    return InvalidArgument("--output needs a directory or s3://bucket/prefix/");
  if (options_.registry == nullptr) return Internal("files sink has no file system registry");
  if (!ValidRunId(options_.run_id)) {
    return Internal("files sink run id '" + options_.run_id +
                    "' must be letters, digits, '.', '_' or '-'");
  }
  if (options_.target_part_bytes == 0)
    return InvalidArgument("the target part size must be positive");
  AQ_ASSIGN_OR_RETURN(fs_, options_.registry->For(options_.location));
  AQ_ASSIGN_OR_RETURN(compressor_, Compressor::Make(options_.codec, options_.level));
  size_t threads = options_.compression_threads > 0 ? options_.compression_threads
                                                    : std::thread::hardware_concurrency();
  pool_.reset();
  if (threads > 1 && compressor_->blocks_are_independent()) {
    AQ_ASSIGN_OR_RETURN(pool_, CompressionPool::Make(options_.codec, options_.level, threads));
  }
  part_.reset();
  live_version_ = UINT64_MAX;
  parts_.clear();
  opened_.clear();
  warnings_.clear();
  rows_ = 0;
  state_ = State::kOpen;
  return Status::Ok();
}

Status FilesSink::StartPart() {
  std::string name = fmt::format("part-{}-{:05d}.csv{}", options_.run_id, opened_.size(),
                                 CodecExtension(options_.codec));
  opened_.push_back(name);  // before opening: Abort must clean up whatever a failed open left
  AQ_ASSIGN_OR_RETURN(auto stream, fs_->OpenWrite(PathOf(name)));
  part_ = std::make_unique<PartWriter>(name, live_, std::move(stream), compressor_.get(),
                                       options_.block_bytes, pool_.get());
  return Status::Ok();
}

Status FilesSink::FinishPart() {
  if (!part_) return Status::Ok();
  Result<ManifestPart> part = part_->Close();
  part_.reset();
  if (!part.ok()) return part.status();
  parts_.push_back(std::move(part).value());
  return Status::Ok();
}

Status FilesSink::Write(const Schema& schema, const RecordBatch& batch,
                        const std::vector<bool>& skip_row) {
  if (state_ != State::kOpen) return Internal("files sink written outside Begin..Commit");
  if (schema.version() != live_version_) {
    live_version_ = schema.version();
    std::vector<PartColumn> live = LiveColumns(schema);
    // A part's rows must match its header: a new or retyped column starts a new part.
    if (live != live_) AQ_RETURN_IF_ERROR(FinishPart());
    live_ = std::move(live);
  }
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    if (row < skip_row.size() && skip_row[row]) continue;
    if (!part_) AQ_RETURN_IF_ERROR(StartPart());
    AQ_RETURN_IF_ERROR(part_->AddRow(schema, batch, row));
    ++rows_;
    if (batch.origin.object < sources_.size()) ++sources_[batch.origin.object].rows;
    if (part_->compressed_bytes() >= options_.target_part_bytes) AQ_RETURN_IF_ERROR(FinishPart());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> FilesSink::ReadPreviousParts() {
  std::string path = PathOf(kManifestName);
  Result<std::string> text = ReadAll(*fs_, path);
  if (!text.ok() && text.status().code() == StatusCode::kNotFound)
    return std::vector<std::string>{};
  if (!text.ok()) return text.status().WithContext("reading the previous run's " + path);
  Result<std::vector<std::string>> parts = ManifestPartPaths(*text);
  if (!parts.ok()) {
    // Not fatal: this run's manifest replaces it, only the old parts cannot be found to delete.
    warnings_.push_back(path + " was not a valid manifest (" + parts.status().message() +
                        "); it is replaced, but the files it listed are not deleted");
    return std::vector<std::string>{};
  }
  return parts;
}

void FilesSink::DeletePreviousParts(const std::vector<std::string>& previous) {
  for (const std::string& name : previous) {
    if (!IsPartName(name)) continue;
    bool ours = false;  // a rerun with the same run id rewrote the same names
    for (const ManifestPart& part : parts_) ours |= part.path == name;
    if (ours) continue;
    Status st = fs_->Delete(PathOf(name));
    if (!st.ok())
      warnings_.push_back("cannot delete the previous run's " + PathOf(name) + ": " + st.message());
  }
}

Result<LoadCounts> FilesSink::Commit(const Schema& schema) {
  if (state_ != State::kOpen) return Internal("files sink committed outside Begin..Commit");
  AQ_RETURN_IF_ERROR(FinishPart());
  AQ_ASSIGN_OR_RETURN(std::vector<std::string> previous, ReadPreviousParts());
  Manifest manifest;
  manifest.compression = CodecName(options_.codec);
  manifest.run_id = options_.run_id;
  SetManifestColumns(schema, &manifest);
  manifest.rows = rows_;
  manifest.parts = parts_;
  manifest.sources = sources_;
  std::string path = PathOf(kManifestName);
  Status written = WriteAll(*fs_, path, ManifestToJson(manifest));
  if (!written.ok()) return written.WithContext("writing " + path);
  // From here on the run is visible: Abort must no longer delete its parts.
  state_ = State::kCommitted;
  DeletePreviousParts(previous);
  return LoadCounts{rows_, 0};
}

Result<LoadPlan> FilesSink::Prepare(const std::vector<ObjectInfo>& objects) {
  sources_.clear();
  for (const ObjectInfo& object : objects) {
    sources_.push_back({object.path, object.version, object.size, 0});
  }
  return LoadPlan{};
}

void FilesSink::Abort() {
  if (state_ == State::kCommitted || state_ == State::kNew) return;
  part_.reset();  // an unclosed stream discards its bytes
  for (const std::string& name : opened_) (void)fs_->Delete(PathOf(name));  // best effort
  opened_.clear();
  parts_.clear();
  rows_ = 0;
  state_ = State::kAborted;
}

}  // namespace aq
