#include "sources/glob.h"

#include <gtest/gtest.h>

namespace aq {
namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool matches;
};

// Each row as bash (shopt -s globstar) and Python's glob.glob(recursive=True) decide it.
constexpr Case kCases[] = {
    // "**/" matches zero directories: the README's own example.
    {"raw/**/*.json.gz", "raw/top.json.gz", true},
    {"raw/**/*.json.gz", "raw/2024/01/a.json.gz", true},
    {"raw/**/*.json.gz", "raw/2024/a.json.gz", true},
    {"raw/**/*.json.gz", "other/raw/a.json.gz", false},
    {"**/*.json", "a.json", true},
    {"**/*.json", "x/y/a.json", true},
    {"**", "a.json", true},
    {"raw/**", "raw/x/y/a.json", true},
    {"raw/**/**/a", "raw/a", true},
    {"raw/**/x/a", "raw/x/a", true},
    {"raw/**/x/a", "raw/q/x/a", true},
    {"raw/**/x/a", "raw/q/a", false},
    // '*', '?' and '[...]' never cross '/'.
    {"raw/*.json", "raw/a.json", true},
    {"raw/*.json", "raw/sub/a.json", false},
    {"raw/*", "raw/sub/a.json", false},
    {"*", "a/b", false},
    {"raw/a?b", "raw/a/b", false},
    {"raw/a[/]b", "raw/a/b", false},
    {"raw/*/a.json", "raw/x/a.json", true},
    {"raw/*/a.json", "raw/x/y/a.json", false},
    {"s3://b/raw/*.jsonl", "s3://b/raw/a.jsonl", true},
    {"s3://b/raw/*.jsonl", "s3://b/raw/2024/a.jsonl", false},
    {"a**b", "axyb", true},
    {"a**b", "ax/yb", false},
    // '?', classes, escapes.
    {"part-?.json", "part-1.json", true},
    {"part-?.json", "part-12.json", false},
    {"part-[0-9].json", "part-7.json", true},
    {"part-[0-9].json", "part-x.json", false},
    {"part-[!0-9].json", "part-x.json", true},
    {"part-[^0-9].json", "part-7.json", false},
    {"part-[]].json", "part-].json", true},
    {"part-[ab-].json", "part--.json", true},
    {"a\\*b", "a*b", true},
    {"a\\*b", "axb", false},
    {"a[b", "a[b", true},
    {"*.json", "a.jsonl", false},
    {"*.json*", "a.jsonl.gz", true},
    {"*a*b*c", "xaybzc", true},
    {"*a*b*c", "xaybz", false},
    {"Raw/*.json", "raw/a.json", false},
    // A wildcard does not match a leading '.'; naming the dot does.
    {"raw/*", "raw/.hidden.json", false},
    {"raw/?hidden.json", "raw/.hidden.json", false},
    {"raw/.*", "raw/.hidden.json", true},
    {"raw/**/a.json", "raw/.cache/a.json", false},
    {"raw/.cache/*.json", "raw/.cache/a.json", true},
    {"raw/*.json", "raw/x.hidden.json", true},
};

TEST(GlobMatchTest, PatternsVersusPaths) {
  for (const Case& c : kCases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.matches) << c.pattern << " vs " << c.path;
  }
}

TEST(GlobMatchTest, RootIsTheLiteralDirectoryBeforeTheFirstWildcard) {
  EXPECT_EQ(GlobRoot("raw/2024/*.gz"), "raw/2024/");
  EXPECT_EQ(GlobRoot("raw/2024-*/a.gz"), "raw/");
  EXPECT_EQ(GlobRoot("s3://b/raw/**/*.gz"), "s3://b/raw/");
  EXPECT_EQ(GlobRoot("*.json"), "");
  EXPECT_EQ(GlobRoot("/abs/x?/y"), "/abs/");
}

TEST(GlobMatchTest, HasGlobSeesEveryWildcard) {
  EXPECT_TRUE(HasGlob("a*"));
  EXPECT_TRUE(HasGlob("a?"));
  EXPECT_TRUE(HasGlob("a[0]"));
  EXPECT_FALSE(HasGlob("raw/a.json"));
}

}  // namespace
}  // namespace aq
