// Fixture of the files sink tests: one run's records go through the real
// Flattener and SchemaBuilder, then the sink writes into a temporary directory
// through a LocalFileSystem, and the tests read back what it wrote.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <memory>
#include <string>
#include <vector>

#include "io/registry.h"
#include "normalize/column_registry.h"
#include "normalize/flattener.h"
#include "normalize/schema.h"
#include "sinks/files/sink.h"
#include "sinks/files/test_util.h"

namespace aq::files_test {

using Strings = std::vector<std::string>;

// The array at `key` of `object`, by value: iterating `object[key].get_array().value()` directly
// would walk a reference into a destroyed temporary.
inline simdjson::dom::array Array(simdjson::dom::element object, const char* key) {
  simdjson::dom::array array;
  EXPECT_EQ(object[key].get(array), simdjson::SUCCESS) << key;
  return array;
}

// The real front half of the pipeline for one run: JSON records -> flattened batch -> schema.
class Input {
 public:
  Status Write(Sink& sink, const Strings& records, std::vector<bool> skip = {}) {
    RecordBatch batch;
    for (size_t i = 0; i < records.size(); ++i) {
      // The flattener reads up to kBufferPadding bytes past a record.
      buffers_.push_back(
          std::make_unique<std::string>(records[i] + std::string(kBufferPadding, ' ')));
      flattener_.Add(std::string_view(buffers_.back()->data(), records[i].size()), {0, i, {}},
                     &batch);
    }
    EXPECT_TRUE(batch.rejects.empty()) << batch.rejects.front().reason;
    std::vector<RowReject> rejects;
    std::vector<std::string> notes;
    builder_.Apply(batch, &rejects, &notes);
    skip.resize(batch.num_rows(), false);
    for (const RowReject& reject : rejects) skip[reject.row] = true;
    return sink.Write(builder_.schema(), batch, skip);
  }
  Result<LoadCounts> Commit(Sink& sink) {
    builder_.Finish();
    return sink.Commit(builder_.schema());
  }

 private:
  ColumnRegistry registry_{Strings{"location_id"}};
  Flattener flattener_{&registry_};
  SchemaBuilder builder_{&registry_};
  std::vector<std::unique_ptr<std::string>> buffers_;
};

class FilesSinkTest : public ::testing::Test {
 protected:
  FilesSinkOptions Options(const std::string& run_id) {
    FilesSinkOptions options;
    options.location = dir_.path() + "/out";
    options.registry = &registry_;
    options.run_id = run_id;
    return options;
  }
  std::string Path(const std::string& name) { return dir_.path() + "/out/" + name; }
  std::string Part(const std::string& name) {
    std::string bytes = ReadFile(Path(name));
    return name.ends_with(".zst") ? Unzstd(bytes) : Gunzip(bytes);
  }
  Strings Files() { return FileNames(dir_.path() + "/out"); }
  simdjson::dom::element Manifest() {
    manifest_text_ = simdjson::padded_string(ReadFile(Path("manifest.json")));
    simdjson::dom::element root;
    EXPECT_EQ(parser_.parse(manifest_text_).get(root), simdjson::SUCCESS) << manifest_text_;
    return root;
  }
  Strings ManifestParts() {
    Strings names;
    for (auto part : Array(Manifest(), "parts"))
      names.emplace_back(part["path"].get_string().value());
    return names;
  }
  // One committed run of `records`, each its own batch.
  void CommitRun(const std::string& run_id, const Strings& records, FilesSinkOptions options) {
    FilesSink sink(std::move(options));
    Input input;
    ASSERT_TRUE(sink.Begin().ok());
    for (const std::string& record : records) ASSERT_TRUE(input.Write(sink, {record}).ok());
    auto counts = input.Commit(sink);
    ASSERT_TRUE(counts.ok()) << counts.status().ToString() << " in run " << run_id;
  }

  TempDir dir_;
  FileSystemRegistry registry_;
  simdjson::dom::parser parser_;
  simdjson::padded_string manifest_text_;
};

// n records with locationId first, first+1, ...: "i,pm25,i.5" as CSV.
inline Strings Numbered(int n, int first = 0) {
  Strings records;
  for (int i = first; i < first + n; ++i) {
    records.push_back("{\"locationId\":" + std::to_string(i) +
                      ",\"parameter\":\"pm25\",\"value\":" + std::to_string(i) + ".5}");
  }
  return records;
}

}  // namespace aq::files_test
