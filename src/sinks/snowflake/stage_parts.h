// StageParts: the gzip CSV part files of a bulk load, written under one
// folder (<location><run_id>/part-00000.csv.gz, ...) through a FileSystem.
//
// Each part starts with a header (AQPIPE_ORDINAL, C0, C1, ...) and holds rows
// with exactly that many columns: a row with more columns (the schema grew)
// closes the part, as does reaching the target compressed size. The CSV
// dialect is the files sink's (formats/csv_writer.h): NULL is an empty
// unquoted field, the empty string is "". Every block of CSV becomes its own
// gzip member, so memory stays at about one block whatever the part size.
//
// Thread safety: none; one writer thread.
// Ownership: borrows the file system. Destroying it abandons an unclosed part
// (never published); Delete removes every part it started.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/compressed_file.h"
#include "formats/compressor.h"
#include "io/filesystem.h"
#include "sinks/snowflake/stager.h"

namespace aq::snowflake {

struct StagePart {
  std::string name;  // file name in the folder
  size_t columns = 0;
  uint64_t rows = 0;
};

class StageParts {
 public:
  // `folder` ends with '/'.
  static Result<std::unique_ptr<StageParts>> Make(FileSystem* fs, std::string folder,
                                                  uint64_t target_part_bytes, size_t block_bytes);

  Status Add(uint64_t ordinal, std::span<const StagedValue> values);
  // Publishes the open part; the parts written, in order.
  Result<std::vector<StagePart>> Close();
  // Deletes every part this writer started (best effort, idempotent).
  void Delete();

  const std::string& folder() const { return folder_; }
  uint64_t rows() const { return rows_; }

 private:
  StageParts(FileSystem* fs, std::string folder, uint64_t target_part_bytes, size_t block_bytes,
             std::unique_ptr<Compressor> compressor);
  Status StartPart(size_t columns);
  Status FlushBlock();
  Status ClosePart();

  FileSystem* fs_;
  std::string folder_;
  uint64_t target_part_bytes_;
  size_t block_bytes_;
  std::unique_ptr<Compressor> compressor_;
  std::unique_ptr<CompressedFile> file_;  // the open part, if any
  std::vector<StagePart> parts_;          // the last one is open while file_ is set
  std::vector<std::string> started_;      // paths, for Delete
  std::string csv_;
  uint64_t rows_ = 0;
};

}  // namespace aq::snowflake
