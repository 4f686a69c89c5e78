#include "sources/source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/stdin/filesystem.h"
#include "testing/test_util.h"

namespace aq {
namespace {

using testing::TempDir;
using testing::WriteFile;
using Strings = std::vector<std::string>;

class ResolveSourcesTest : public ::testing::Test {
 protected:
  void Touch(const std::string& name) { WriteFile(dir_.File(name), "{}\n"); }
  std::string Path(const std::string& name) const { return dir_.File(name); }

  // The resolved paths, relative to the test directory.
  Strings Resolve(const Strings& specs) {
    notes_.clear();
    auto objects = ResolveSources(specs, registry_, &notes_);
    EXPECT_TRUE(objects.ok()) << objects.status().ToString();
    Strings out;
    if (!objects.ok()) return out;
    for (const auto& object : *objects) {
      std::string path = object.info.path;
      if (path.starts_with(dir_.path() + "/")) path = path.substr(dir_.path().size() + 1);
      out.push_back(path);
    }
    return out;
  }

  TempDir dir_;
  FileSystemRegistry registry_;
  Strings notes_;
};

TEST_F(ResolveSourcesTest, DoubleStarSlashMatchesTheTopLevelToo) {
  Touch("raw/top.json.gz");
  Touch("raw/2024/01/deep.json.gz");
  Touch("raw/2024/other.csv.gz");
  EXPECT_EQ(Resolve({Path("raw/**/*.json.gz")}),
            (Strings{"raw/2024/01/deep.json.gz", "raw/top.json.gz"}));
}

TEST_F(ResolveSourcesTest, StarDoesNotCrossSlash) {
  Touch("raw/a.json");
  Touch("raw/sub/b.json");
  EXPECT_EQ(Resolve({Path("raw/*.json")}), (Strings{"raw/a.json"}));
  EXPECT_EQ(Resolve({Path("raw/*/*.json")}), (Strings{"raw/sub/b.json"}));
}

TEST_F(ResolveSourcesTest, GlobWithoutAFolderIsMatchedInTheWorkingDirectoryAndNamedAsTyped) {
  Touch("a.jsonl");
  Touch("sub/b.jsonl");
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir_.path());
  auto objects = ResolveSources({"*.jsonl"}, registry_, &notes_);
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  ASSERT_EQ(objects->size(), 1u);
  EXPECT_EQ((*objects)[0].info.path, "a.jsonl");
}

TEST_F(ResolveSourcesTest, NonJsonFilesInAFolderAreSkippedWithANote) {
  for (const char* name :
       {"a.json", "b.jsonl.gz", "c.ndjson.zst", "part-00000", "D.JSON", "readme.txt",
        "stations.csv", "map.png", "README", "_SUCCESS", "_tmp/x.json", "data.parquet"}) {
    Touch(name);
  }
  EXPECT_EQ(Resolve({dir_.path()}),
            (Strings{"D.JSON", "a.json", "b.jsonl.gz", "c.ndjson.zst", "part-00000"}));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].find("skipped 7 files that are not JSON data by name"), std::string::npos)
      << notes_[0];
  EXPECT_NE(notes_[0].find(Path("map.png")), std::string::npos) << notes_[0];
  EXPECT_NE(notes_[0].find("and 2 more"), std::string::npos) << notes_[0];
}

TEST_F(ResolveSourcesTest, GlobEndingInAWildcardSkipsNonJsonFilesLikeAFolder) {
  Touch("d/a.json");
  Touch("d/readme.txt");
  EXPECT_EQ(Resolve({Path("d/*")}), (Strings{"d/a.json"}));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].find("readme.txt"), std::string::npos);
}

TEST_F(ResolveSourcesTest, FileNamedExplicitlyOrByItsExtensionIsAlwaysRead) {
  Touch("d/readme.txt");
  Touch("d/b.txt");
  Touch("d/c.csv");
  EXPECT_EQ(Resolve({Path("d/readme.txt")}), (Strings{"d/readme.txt"}));
  EXPECT_EQ(Resolve({Path("d/*.txt")}), (Strings{"d/b.txt", "d/readme.txt"}));
  EXPECT_TRUE(notes_.empty());
}

TEST_F(ResolveSourcesTest, FolderWithOnlyNonJsonFilesIsNotFoundAndSaysWhy) {
  Touch("d/readme.txt");
  auto objects = ResolveSources({Path("d")}, registry_, &notes_);
  ASSERT_EQ(objects.status().code(), StatusCode::kNotFound);
  EXPECT_NE(objects.status().message().find("readme.txt"), std::string::npos)
      << objects.status().message();
}

TEST_F(ResolveSourcesTest, HiddenFilesAndFoldersAreNotListed) {
  Touch("d/a.json");
  Touch("d/.b.json");
  Touch("d/.cache/c.json");
  EXPECT_EQ(Resolve({Path("d")}), (Strings{"d/a.json"}));
  EXPECT_EQ(Resolve({Path("d/**/*.json")}), (Strings{"d/a.json"}));
  EXPECT_TRUE(notes_.empty());
}

TEST_F(ResolveSourcesTest, SameFileThroughALinkInTwoSourcesIsReadOnce) {
  Touch("d/a.json");
  std::filesystem::create_directory_symlink(Path("d"), Path("link"));
  EXPECT_EQ(Resolve({Path("d"), Path("link")}), (Strings{"d/a.json"}));
  EXPECT_EQ(Resolve({Path("d/a.json"), Path("d/a.json")}), (Strings{"d/a.json"}));
}

TEST_F(ResolveSourcesTest, SymlinkLoopIsReadOnceAndNoted) {
  Touch("d/a.json");
  std::filesystem::create_directory_symlink("..", Path("d/loop"));
  EXPECT_EQ(Resolve({Path("d")}), (Strings{"d/a.json"}));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].find("loop"), std::string::npos) << notes_[0];
  EXPECT_NE(notes_[0].find(Path("d/loop")), std::string::npos) << notes_[0];
}

TEST_F(ResolveSourcesTest, LinkedFolderInsideTheTreeIsReadOnceUnderItsRealName) {
  Touch("d/sub/b.json");
  std::filesystem::create_directory_symlink("sub", Path("d/again"));  // sorts before "sub"
  std::filesystem::create_hard_link(Path("d/sub/b.json"), Path("d/hard.json"));
  EXPECT_EQ(Resolve({Path("d")}), (Strings{"d/hard.json"}));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].find("second names"), std::string::npos) << notes_[0];
}

TEST_F(ResolveSourcesTest, DanglingLinkIsNoted) {
  Touch("d/a.json");
  std::filesystem::create_symlink(Path("d/missing.json"), Path("d/gone.json"));
  EXPECT_EQ(Resolve({Path("d")}), (Strings{"d/a.json"}));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_NE(notes_[0].find("dangling"), std::string::npos) << notes_[0];
  EXPECT_NE(notes_[0].find("gone.json -> " + Path("d/missing.json")), std::string::npos)
      << notes_[0];
}

TEST_F(ResolveSourcesTest, DashIsStandardInputAStreamReadOnce) {
  auto objects = ResolveSources({"-", "-"}, registry_, &notes_);
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  ASSERT_EQ(objects->size(), 1u);
  EXPECT_EQ((*objects)[0].info.path, "-");
  EXPECT_TRUE((*objects)[0].info.stream);
  EXPECT_EQ((*objects)[0].fs, registry_.Stdin());
}

TEST(LooksLikeJsonDataTest, JsonExtensionsTheirCompressedFormsAndNoExtension) {
  for (const char* name : {"a.json", "a.jsonl", "a.ndjson", "a.json.gz", "a.jsonl.zst",
                           "a.ndjson.gzip", "a.JSONL.ZSTD", "part-00000", "data.gz"}) {
    EXPECT_TRUE(LooksLikeJsonData(name)) << name;
  }
  for (const char* name : {"readme.txt", "a.csv", "a.png", "a.jpg", "a.md", "a.parquet", "a.csv.gz",
                           "a.json.bz2", "a.crc"}) {
    EXPECT_FALSE(LooksLikeJsonData(name)) << name;
  }
}

TEST(StdinFileSystemTest, ReadsTheDescriptorOnceThenSaysToSaveTheInputToAFile) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "{\"a\":1}\n", 8), 8);
  ::close(fds[1]);
  StdinFileSystem fs(fds[0]);
  ObjectInfo object = StdinFileSystem::Object();
  auto stream = fs.OpenRead(object, 0, kToEnd);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  char buffer[64];
  auto n = (*stream)->Read(buffer, sizeof buffer);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buffer, *n), "{\"a\":1}\n");
  auto again = fs.OpenRead(object, 0, kToEnd);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("save the input to a file"), std::string::npos);
  ::close(fds[0]);
}

}  // namespace
}  // namespace aq
