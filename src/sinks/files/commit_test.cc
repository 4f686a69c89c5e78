// The commit protocol: nothing visible before Commit, Abort cleans up, the latest run wins.
#include "sinks/files/sink.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/local/filesystem.h"
#include "sinks/files/sink_test_fixture.h"

namespace aq {
namespace {

using files_test::FilesSinkTest;
using files_test::Input;
using files_test::Numbered;
using files_test::ReadFile;
using files_test::Strings;

// Same fixture, own suite name: these are about the commit protocol.
class FilesCommitTest : public FilesSinkTest {};

TEST_F(FilesCommitTest, NothingIsVisibleBeforeCommit) {
  FilesSink sink(Options("r1"));
  Input input;
  ASSERT_TRUE(sink.Begin().ok());
  ASSERT_TRUE(input.Write(sink, Numbered(10)).ok());
  for (const std::string& name : Files()) {
    EXPECT_NE(name, "manifest.json");
    EXPECT_NE(name.find(".aqpipe-tmp-"), std::string::npos) << name << " is visible before Commit";
  }
  ASSERT_TRUE(input.Commit(sink).ok());
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r1-00000.csv.gz"}));
  sink.Abort();  // after Commit: a no-op
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r1-00000.csv.gz"}));
}

TEST_F(FilesCommitTest, AbortLeavesNoPartFiles) {
  FilesSinkOptions options = Options("r1");
  options.block_bytes = 128;
  options.target_part_bytes = 1;    // every block closes a part: several finished parts exist
  options.compression_threads = 1;  // the size is known after each block, not blocks later
  FilesSink sink(options);
  Input input;
  ASSERT_TRUE(sink.Begin().ok());
  ASSERT_TRUE(input.Write(sink, Numbered(50)).ok());
  EXPECT_GT(Files().size(), 3u);
  sink.Abort();
  EXPECT_EQ(Files(), Strings{});
  sink.Abort();  // twice is fine
  EXPECT_FALSE(input.Write(sink, Numbered(1)).ok());
}

TEST_F(FilesCommitTest, SecondRunReplacesTheFirst) {
  FilesSinkOptions first = Options("r1");
  first.block_bytes = 128;
  first.target_part_bytes = 1;
  first.compression_threads = 1;
  CommitRun("r1", Numbered(20), first);
  Strings first_parts = ManifestParts();
  ASSERT_GT(first_parts.size(), 1u);

  CommitRun("r2", Numbered(2, 100), Options("r2"));
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r2-00000.csv.gz"}));
  EXPECT_EQ(Manifest()["run_id"].get_string().value(), "r2");
  EXPECT_EQ(Part("part-r2-00000.csv.gz"),
            "location_id,parameter,value\n100,pm25,100.5\n101,pm25,101.5\n");

  // A rerun under the same run id rewrites the same names: they must not be deleted as "old".
  CommitRun("r2", Numbered(1, 7), Options("r2"));
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r2-00000.csv.gz"}));
  EXPECT_EQ(Part("part-r2-00000.csv.gz"), "location_id,parameter,value\n7,pm25,7.5\n");
}

TEST_F(FilesCommitTest, EmptyRunCommitsAnEmptyManifest) {
  CommitRun("r1", Numbered(2), Options("r1"));
  CommitRun("r2", {}, Options("r2"));
  EXPECT_EQ(Files(), Strings{"manifest.json"});
  EXPECT_EQ(Manifest()["rows"].get_uint64().value(), 0u);
  EXPECT_EQ(ManifestParts(), Strings{});
}

// Fails the manifest upload, the last step of Commit.
class NoManifestFileSystem : public ForwardingFileSystem {
 public:
  using ForwardingFileSystem::ForwardingFileSystem;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override {
    if (path.ends_with("manifest.json")) return IoError("injected failure writing " + path);
    return target()->OpenWrite(path);
  }
};

TEST_F(FilesCommitTest, FailedCommitLeavesThePreviousRunIntact) {
  CommitRun("r1", Numbered(2), Options("r1"));
  std::string manifest = ReadFile(Path("manifest.json"));

  LocalFileSystem local;
  FileSystemRegistry faulty;
  faulty.Register("", [&] {
    return Result<std::unique_ptr<FileSystem>>(std::make_unique<NoManifestFileSystem>(&local));
  });
  FilesSinkOptions options = Options("r2");
  options.registry = &faulty;
  FilesSink sink(options);
  Input input;
  ASSERT_TRUE(sink.Begin().ok());
  ASSERT_TRUE(input.Write(sink, Numbered(5, 10)).ok());
  auto counts = input.Commit(sink);
  EXPECT_EQ(counts.status().code(), StatusCode::kIoError);
  sink.Abort();  // what the pipeline does after a failed Commit
  EXPECT_EQ(Files(), (Strings{"manifest.json", "part-r1-00000.csv.gz"}));
  EXPECT_EQ(ReadFile(Path("manifest.json")), manifest);
}

}  // namespace
}  // namespace aq
