#include "sinks/files/manifest.h"

#include <gtest/gtest.h>

namespace aq {
namespace {

TEST(FilesManifestTest, ExactJson) {
  Manifest manifest;
  manifest.compression = "gzip";
  manifest.run_id = "r1";
  manifest.columns = {{"location_id", "bigint", "locationId", true},
                      {"note", "string", "a.\"b\"", false}};
  manifest.key = {"location_id"};
  manifest.rows = 3;
  manifest.parts = {{"part-r1-00000.csv.gz", 2, 100, {"location_id"}},
                    {"part-r1-00001.csv.gz", 1, 50, {"location_id", "note"}}};
  EXPECT_EQ(
      ManifestToJson(manifest),
      "{\"format\":\"csv\",\"compression\":\"gzip\",\"header\":true,\"run_id\":\"r1\",\n"
      "\"columns\":[\n"
      "  "
      "{\"name\":\"location_id\",\"type\":\"bigint\",\"source_path\":\"locationId\",\"key\":true},"
      "\n"
      "  {\"name\":\"note\",\"type\":\"string\",\"source_path\":\"a.\\\"b\\\"\",\"key\":false}],\n"
      "\"key\":[\"location_id\"],\n"
      "\"rows\":3,\n"
      "\"parts\":[\n"
      "  "
      "{\"path\":\"part-r1-00000.csv.gz\",\"rows\":2,\"bytes\":100,\"columns\":[\"location_id\"]},"
      "\n"
      "  "
      "{\"path\":\"part-r1-00001.csv.gz\",\"rows\":1,\"bytes\":50,\"columns\":[\"location_id\","
      "\"note\"]}]}\n");
}

TEST(FilesManifestTest, EmptyRun) {
  Manifest manifest;
  manifest.compression = "zstd";
  manifest.run_id = "r2";
  std::string json = ManifestToJson(manifest);
  EXPECT_NE(json.find("\"columns\":[],"), std::string::npos) << json;
  EXPECT_NE(json.find("\"parts\":[]}"), std::string::npos) << json;
  auto paths = ManifestPartPaths(json);
  ASSERT_TRUE(paths.ok());
  EXPECT_TRUE(paths->empty());
}

TEST(FilesManifestTest, PartPathsRoundTrip) {
  Manifest manifest;
  manifest.parts = {{"part-a-00000.csv.zst", 1, 1, {}}, {"part-a-00001.csv.zst", 1, 1, {}}};
  auto paths = ManifestPartPaths(ManifestToJson(manifest));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(*paths, (std::vector<std::string>{"part-a-00000.csv.zst", "part-a-00001.csv.zst"}));
}

TEST(FilesManifestTest, GarbageIsCorruptInput) {
  EXPECT_EQ(ManifestPartPaths("{\"parts\":[").status().code(), StatusCode::kCorruptInput);
  EXPECT_EQ(ManifestPartPaths("{\"rows\":1}").status().code(), StatusCode::kCorruptInput);
  EXPECT_EQ(ManifestPartPaths("{\"parts\":[{\"rows\":1}]}").status().code(),
            StatusCode::kCorruptInput);
}

TEST(FilesManifestTest, StringsAreEscaped) {
  Manifest manifest;
  manifest.columns = {{"a\"b\\c\nd\x01", "string", "", false}};
  std::string json = ManifestToJson(manifest);
  EXPECT_NE(json.find("{\"name\":\"a\\\"b\\\\c\\nd\\u0001\",\"type\""), std::string::npos) << json;
}

}  // namespace
}  // namespace aq

namespace aq {
namespace {

TEST(FilesManifestTest, ParseManifestRoundTripsEveryFieldWithSources) {
  Manifest manifest;
  manifest.compression = "gzip";
  manifest.run_id = "r3";
  manifest.columns = {{"location_id", "bigint", "locationId", true},
                      {"at", "timestamp", "date.utc", true}};
  manifest.key = {"location_id", "at"};
  manifest.rows = 5;
  manifest.parts = {{"part-r3-00000.csv.gz", 5, 70, {"location_id", "at"}}};
  manifest.sources = {{"s3://b/raw/a.json", "\"etag1\"", 100, 2}, {"raw/b.json", "9-1", 50, 3}};
  std::string json = ManifestToJson(manifest);
  EXPECT_NE(json.find("\"sources\":["), std::string::npos) << json;
  Result<Manifest> parsed = ParseManifest(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(ManifestToJson(*parsed), json);
  EXPECT_EQ(parsed->sources, manifest.sources);
}

TEST(FilesManifestTest, ParseManifestRefusesWhatIsNotOne) {
  EXPECT_EQ(ParseManifest("[]").status().code(), StatusCode::kCorruptInput);
  EXPECT_EQ(ParseManifest("{\"compression\":\"gzip\"}").status().code(), StatusCode::kCorruptInput);
  // A manifest without sources (a plain --output run) parses, with none.
  Manifest manifest;
  manifest.compression = "zstd";
  manifest.run_id = "r";
  Result<Manifest> parsed = ParseManifest(ManifestToJson(manifest));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_TRUE(parsed->sources.empty());
}

}  // namespace
}  // namespace aq
