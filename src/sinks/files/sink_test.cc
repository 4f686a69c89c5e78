#include "sinks/files/sink.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sinks/files/sink_test_fixture.h"

namespace aq {
namespace {

using files_test::Array;
using files_test::FileNames;
using files_test::FilesSinkTest;
using files_test::Gunzip;
using files_test::Input;
using files_test::Numbered;
using files_test::ReadFile;
using files_test::Strings;

TEST_F(FilesSinkTest, WritesExactCsvWithQuotingNullsAndEmptyStrings) {
  FilesSink sink(Options("r1"));
  Input input;
  ASSERT_TRUE(sink.Begin().ok());
  Status st = input.Write(
      sink,
      {R"({"locationId":1,"location":"Main St, \"North\"","value":12.5,"ok":true,)"
       R"("date":{"utc":"2024-01-02T03:04:05Z"},"tags":[1,"a"],"note":""})",
       R"({"locationId":2,"location":"two\nlines\r","value":null,"ok":false,)"
       R"("date":{"utc":"2024-01-02T03:04:05.25Z"},"tags":null,"note":null})",
       R"({"locationId":3,"location":"plain","value":7,"date":{"utc":"2024-01-02T05:04:05+02:00"}})"});
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto counts = input.Commit(sink);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->inserted, 3u);
  EXPECT_EQ(counts->duplicates, 0u);

  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r1-00000.csv.gz"}));
  EXPECT_EQ(Part("part-r1-00000.csv.gz"),
            "location_id,location,value,ok,date_utc,tags,note,date_utc_offset_minutes\n"
            "1,\"Main St, \"\"North\"\"\",12.5,true,2024-01-02 03:04:05,\"[1,\"\"a\"\"]\",\"\",\n"
            "2,\"two\nlines\r\",,false,2024-01-02 03:04:05.25,,,\n"
            "3,plain,7,,2024-01-02 03:04:05,,,120\n");
}

TEST_F(FilesSinkTest, ManifestDescribesTheFinalSchemaAndParts) {
  CommitRun(
      "r1",
      {R"({"locationId":1,"date":{"utc":"2024-01-02T05:04:05+02:00"},"obj":{},"nothing":null})",
       R"({"locationId":2,"value":1.5})"},
      Options("r1"));
  auto m = Manifest();
  EXPECT_EQ(m["format"].get_string().value(), "csv");
  EXPECT_EQ(m["compression"].get_string().value(), "gzip");
  EXPECT_TRUE(m["header"].get_bool().value());
  EXPECT_EQ(m["run_id"].get_string().value(), "r1");
  EXPECT_EQ(m["rows"].get_uint64().value(), 2u);
  std::string columns;
  for (auto c : Array(m, "columns")) {
    columns += std::string(c["name"].get_string().value()) + ":" +
               std::string(c["type"].get_string().value()) + ":" +
               std::string(c["source_path"].get_string().value()) +
               (c["key"].get_bool().value() ? ":key" : "") + " ";
  }
  // "obj" only ever held an object: dropped. "nothing" only null: a string column by the end,
  // though no part has it (its rows are all NULL).
  EXPECT_EQ(columns,
            "location_id:bigint:locationId:key date_utc:timestamp:date.utc nothing:string:nothing "
            "date_utc_offset_minutes:bigint:date.utc (UTC offset) value:double:value ");
  EXPECT_EQ(simdjson::minify(m["key"]), "[\"location_id\"]");
  simdjson::dom::array parts = Array(m, "parts");
  ASSERT_EQ(parts.size(), 2u);  // "value" arrived in the second batch
  EXPECT_EQ(simdjson::minify(parts.at(0).value()["columns"]),
            "[\"location_id\",\"date_utc\",\"date_utc_offset_minutes\"]");
  EXPECT_EQ(parts.at(1).value()["rows"].get_uint64().value(), 1u);
  for (auto part : parts) {
    std::string name(part["path"].get_string().value());
    EXPECT_EQ(part["bytes"].get_uint64().value(), ReadFile(Path(name)).size()) << name;
  }
}

TEST_F(FilesSinkTest, NewOrRetypedColumnStartsANewPart) {
  CommitRun("r1",
            {R"({"locationId":1,"value":1})", R"({"locationId":2,"value":2})",
             R"({"locationId":3,"value":3,"unit":"ppm"})", R"({"locationId":4,"value":4.5})",
             R"({"locationId":5,"extra":null})"},
            Options("r1"));
  EXPECT_EQ(ManifestParts(),
            (Strings{"part-r1-00000.csv.gz", "part-r1-00001.csv.gz", "part-r1-00002.csv.gz"}));
  EXPECT_EQ(Part("part-r1-00000.csv.gz"), "location_id,value\n1,1\n2,2\n");
  EXPECT_EQ(Part("part-r1-00001.csv.gz"), "location_id,value,unit\n3,3,ppm\n");
  // An all-null column is not live, so it does not split a part.
  EXPECT_EQ(Part("part-r1-00002.csv.gz"), "location_id,value,unit\n4,4.5,\n5,,\n");
}

// With blocks compressed on a pool, a part's size is known a few blocks late: parts are cut later
// than on one thread, but at the same rows every time, and nothing is lost.
TEST_F(FilesSinkTest, PooledCompressionCutsPartsTheSameWayEveryRun) {
  FilesSinkOptions options = Options("r1");
  options.block_bytes = 256;
  options.target_part_bytes = 400;
  options.compression_threads = 2;
  std::vector<std::vector<std::string>> runs;
  for (const char* run : {"r1", "r2"}) {
    options.run_id = run;
    CommitRun(run, Numbered(400), options);
    std::vector<std::string> parts;
    std::string rows;
    for (const std::string& name : ManifestParts()) {
      parts.push_back(ReadFile(Path(name)));
      std::string csv = Gunzip(parts.back());
      rows += csv.substr(csv.find('\n') + 1);
    }
    std::string expected;
    for (int i = 0; i < 400; ++i)
      expected += std::to_string(i) + ",pm25," + std::to_string(i) + ".5\n";
    EXPECT_EQ(rows, expected);
    EXPECT_GE(parts.size(), 2u);
    runs.push_back(parts);
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TEST_F(FilesSinkTest, RotatesPartsOnCompressedSize) {
  FilesSinkOptions options = Options("r1");
  options.block_bytes = 256;        // a gzip member every few rows
  options.target_part_bytes = 400;  // and a part every few members
  options.compression_threads = 1;
  Strings records = Numbered(200);
  CommitRun("r1", records, options);
  Strings parts = ManifestParts();
  ASSERT_GE(parts.size(), 3u);
  std::string rows;
  uint64_t manifest_rows = 0;
  int max_members = 0;
  for (auto part : Array(Manifest(), "parts")) {
    std::string name(part["path"].get_string().value());
    int members = 0;
    std::string csv = Gunzip(ReadFile(Path(name)), &members);
    max_members = std::max(max_members, members);
    ASSERT_TRUE(csv.starts_with("location_id,parameter,value\n")) << name;
    rows += csv.substr(csv.find('\n') + 1);
    manifest_rows += part["rows"].get_uint64().value();
    // A part is closed once it reaches the target, so only the last may be smaller.
    if (name != parts.back()) {
      EXPECT_GE(part["bytes"].get_uint64().value(), options.target_part_bytes);
    }
  }
  EXPECT_GT(max_members, 1);
  EXPECT_EQ(manifest_rows, 200u);
  std::string expected;
  for (int i = 0; i < 200; ++i)
    expected += std::to_string(i) + ",pm25," + std::to_string(i) + ".5\n";
  EXPECT_EQ(rows, expected);
}

TEST_F(FilesSinkTest, ZstdParts) {
  FilesSinkOptions options = Options("z1");
  options.codec = FilesSinkOptions::Codec::kZstd;
  CommitRun("z1", Numbered(3), options);
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-z1-00000.csv.zst"}));
  EXPECT_EQ(Part("part-z1-00000.csv.zst"),
            "location_id,parameter,value\n0,pm25,0.5\n1,pm25,1.5\n2,pm25,2.5\n");
  EXPECT_EQ(Manifest()["compression"].get_string().value(), "zstd");
}

TEST_F(FilesSinkTest, SkippedAndQuarantinedRowsAreLeftOutDuplicatesKept) {
  FilesSink sink(Options("r1"));
  Input input;
  ASSERT_TRUE(sink.Begin().ok());
  ASSERT_TRUE(input.Write(sink, Numbered(3), {false, true, false}).ok());
  // A non-date in a timestamp column: SchemaBuilder quarantines the record.
  ASSERT_TRUE(input
                  .Write(sink, {R"({"locationId":5,"at":"2024-01-02T03:04:05Z"})",
                                R"({"locationId":6,"at":"2024-01-02T24:04:05Z"})",
                                R"({"locationId":5,"at":"2024-01-02T03:04:05Z"})"})
                  .ok());
  auto counts = input.Commit(sink);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->inserted, 4u);
  EXPECT_EQ(counts->duplicates, 0u);
  EXPECT_EQ(Part("part-r1-00000.csv.gz"), "location_id,parameter,value\n0,pm25,0.5\n2,pm25,2.5\n");
  EXPECT_EQ(Part("part-r1-00001.csv.gz"),
            "location_id,parameter,value,at\n5,,,2024-01-02 03:04:05\n"
            "5,,,2024-01-02 03:04:05\n");
}

TEST_F(FilesSinkTest, ChecksItsOptionsAndCallOrder) {
  FilesSinkOptions options = Options("bad/id");
  FilesSink bad(options);
  EXPECT_FALSE(bad.Begin().ok());
  FilesSink unbegun(Options("r1"));
  Input input;
  EXPECT_EQ(input.Write(unbegun, Numbered(1)).code(), StatusCode::kInternal);
  options = Options("r1");
  options.level = 42;
  FilesSink level(options);
  EXPECT_EQ(level.Begin().code(), StatusCode::kInvalidArgument);
  options = Options("r1");
  options.location = dir_.path() + "/nested/deeper/";  // trailing slash, missing parents
  CommitRun("r1", Numbered(1), options);
  EXPECT_EQ(FileNames(dir_.path() + "/nested/deeper"),
            (Strings{"manifest.json", "part-r1-00000.csv.gz"}));
}

}  // namespace
}  // namespace aq
