#include "pipeline/quarantine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "testing/test_util.h"

namespace aq {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(QuarantineTest, HugeRawRecordKeepsItsFirst64KibAndItsSize) {
  testing::TempDir dir;
  FileSystemRegistry registry;
  Quarantine quarantine(&registry, dir.File("rejects"), "run");
  std::string raw(200000, 'x');
  ASSERT_TRUE(quarantine.Add({"a.jsonl", 1, 1, "malformed", raw}).ok());
  auto path = quarantine.Close();
  ASSERT_TRUE(path.ok()) << path.status().message();
  std::string text = ReadText(*path);
  EXPECT_LT(text.size(), Quarantine::kMaxRawBytes + 200);
  EXPECT_NE(text.find("\"raw_truncated\":true,\"raw_bytes\":200000"), std::string::npos) << text;
}

TEST(QuarantineTest, TruncationDoesNotSplitAUtf8Character) {
  testing::TempDir dir;
  FileSystemRegistry registry;
  Quarantine quarantine(&registry, dir.File("rejects"), "run");
  std::string raw = std::string(Quarantine::kMaxRawBytes - 1, 'x') + "\xC3\xA9" + "tail";
  ASSERT_TRUE(quarantine.Add({"a.jsonl", 1, 1, "malformed", raw}).ok());
  auto path = quarantine.Close();
  ASSERT_TRUE(path.ok());
  std::string text = ReadText(*path);
  EXPECT_NE(text.find("\"raw\":\""), std::string::npos) << "still UTF-8 text, not base64";
}

TEST(QuarantineTest, GrowingPastTheCapIsADataErrorAndKeepsWhatFits) {
  // Rejects of /dev/urandom grew to 3.9 GB in 20 s.
  testing::TempDir dir;
  FileSystemRegistry registry;
  Quarantine quarantine(&registry, dir.File("rejects"), "run", 4096);
  Status status;
  int added = 0;
  while (status.ok() && added < 1000) {
    status = quarantine.Add({"a.bin", 1, 1, "malformed", std::string(100, 'g')});
    if (status.ok()) ++added;
  }
  EXPECT_EQ(status.code(), StatusCode::kDataError);
  EXPECT_NE(status.message().find("--max-rejects-mib"), std::string::npos);
  EXPECT_EQ(quarantine.count(), static_cast<uint64_t>(added));
  auto path = quarantine.Close();
  ASSERT_TRUE(path.ok());
  EXPECT_LE(std::filesystem::file_size(*path), 4096u);
  EXPECT_GT(added, 0);
}

}  // namespace
}  // namespace aq
