#include "readers/record_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace aq {
namespace {

// A record as the splitter reports it, with its text resolved to absolute bytes of the input.
struct Rec {
  std::string text;
  uint64_t line;
  uint64_t index;
  SpanProblem problem = SpanProblem::kNone;
  bool operator==(const Rec&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Rec& r) {
  return os << "{line " << r.line << ", index " << r.index << ", \"" << r.text << "\", problem "
            << static_cast<int>(r.problem) << "}";
}

// Splits `data` in one call, as the last call of the stream.
std::vector<Rec> SplitWhole(RecordFormat format, std::string_view data) {
  RecordSplitter splitter(format);
  std::vector<RecordSpan> spans;
  auto consumed = splitter.Split(data, true, &spans);
  EXPECT_TRUE(consumed.ok()) << consumed.status().ToString();
  std::vector<Rec> out;
  out.reserve(spans.size());
  for (const auto& s : spans)
    out.push_back({std::string(data.substr(s.offset, s.length)), s.line, s.index, s.problem});
  return out;
}

// Feeds `data` to the splitter the way a reader does when its bytes arrive a few at a time: each
// call gets the unconsumed bytes up to the next cut; the last call is marked at_end.
std::vector<Rec> SplitAtCuts(RecordFormat format, std::string_view data,
                             const std::vector<size_t>& cuts) {
  RecordSplitter splitter(format);
  std::vector<Rec> out;
  size_t consumed = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(data.size());
  for (size_t i = 0; i < ends.size(); ++i) {
    size_t end = std::max(ends[i], consumed);
    bool at_end = i + 1 == ends.size();
    std::string_view piece = data.substr(consumed, end - consumed);
    std::vector<RecordSpan> spans;
    auto n = splitter.Split(piece, at_end, &spans);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    if (!n.ok()) return out;
    EXPECT_LE(*n, piece.size());
    for (const auto& s : spans) {
      EXPECT_LE(s.offset + s.length, *n) << "a record extends past the consumed bytes";
      out.push_back({std::string(piece.substr(s.offset, s.length)), s.line, s.index, s.problem});
    }
    consumed += *n;
  }
  return out;
}

// Checks that every way of delivering `data` in two calls, and byte by byte, yields `expected`.
void ExpectSameAtEveryCut(RecordFormat format, std::string_view data,
                          const std::vector<Rec>& expected) {
  for (size_t cut = 0; cut <= data.size(); ++cut) {
    EXPECT_EQ(SplitAtCuts(format, data, {cut}), expected) << "split into two calls at byte " << cut;
  }
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < data.size(); ++i) every_byte.push_back(i);
  EXPECT_EQ(SplitAtCuts(format, data, every_byte), expected) << "fed one byte at a time";
}

TEST(RecordSplitterTest, JsonLinesSkipsBlankLinesAndHandlesBomCrlfAndMissingTrailingNewline) {
  std::string data = "\xEF\xBB\xBF{\"a\":1}\r\n\r\n\n{\"a\":2}\r\n   \t\r\n{\"a\":3}";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0}, {"{\"a\":2}", 3, 1}, {"{\"a\":3}", 5, 2}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonLines, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonLines, data, expected);
}

TEST(RecordSplitterTest, JsonLinesWithoutAtEndKeepsTheUnterminatedLastLine) {
  RecordSplitter splitter(RecordFormat::kJsonLines);
  std::vector<RecordSpan> spans;
  std::string data = "{\"a\":1}\n{\"a\":2}";
  auto n = splitter.Split(data, false, &spans);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 8u);  // through the first newline only
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(splitter.lines_consumed(), 1u);
}

TEST(RecordSplitterTest, JsonLinesLineNumbersCountEveryNewline) {
  std::string data = "\n\n{\"x\":1}\n\n\n{\"x\":2}\n";
  std::vector<Rec> expected = {{"{\"x\":1}", 2, 0}, {"{\"x\":2}", 5, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonLines, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonLines, data, expected);
}

TEST(RecordSplitterTest, JsonLinesInvalidLinesStillComeOutAsRecords) {
  std::string data = "{\"a\":1}\nnot json at all\n{\"a\":\n";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0}, {"not json at all", 1, 1}, {"{\"a\":", 2, 2}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonLines, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonLines, data, expected);
}

TEST(RecordSplitterTest, PrettyArrayOverManyLines) {
  std::string data =
      "[\n"
      "  {\n"
      "    \"a\": 1,\n"
      "    \"s\": \"x,]}\\\"y\"\n"
      "  },\n"
      "  {\n"
      "    \"a\": [1, 2]\n"
      "  }\n"
      "]\n";
  std::vector<Rec> expected = {{"{\n    \"a\": 1,\n    \"s\": \"x,]}\\\"y\"\n  }", 1, 0},
                               {"{\n    \"a\": [1, 2]\n  }", 5, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, ArrayWithBomAndCrlf) {
  std::string data = "\xEF\xBB\xBF[\r\n{\"a\":1},\r\n{\"a\":2}\r\n]";
  std::vector<Rec> expected = {{"{\"a\":1}", 1, 0}, {"{\"a\":2}", 2, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, ArrayOfScalarsSplitsOnCommas) {
  std::string data = "[1, 22, \"x\", null]";
  std::vector<Rec> expected = {{"1", 0, 0}, {"22", 0, 1}, {"\"x\"", 0, 2}, {"null", 0, 3}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, EnvelopeWithMetaBeforeResults) {
  std::string data =
      "{\n"
      "  \"meta\": {\"name\": \"results]\", \"results\": 2, \"list\": [\"[\", \"{\"]},\n"
      "  \"results\": [\n"
      "    {\"a\": 1},\n"
      "    {\"a\": 2}\n"
      "  ]\n"
      "}\n";
  std::vector<Rec> expected = {{"{\"a\": 1}", 3, 0}, {"{\"a\": 2}", 4, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kEnvelope, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kEnvelope, data, expected);
}

TEST(RecordSplitterTest, EnvelopeWithMetaAfterResultsIgnoresTheMeta) {
  std::string data =
      "{\"results\": [\n"
      "  {\"a\": 1},\n"
      "  {\"a\": 2}\n"
      "], \"meta\": {\"found\": 2, \"next\": [{\"a\": 3}]}}\n";
  std::vector<Rec> expected = {{"{\"a\": 1}", 1, 0}, {"{\"a\": 2}", 2, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kEnvelope, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kEnvelope, data, expected);
}

TEST(RecordSplitterTest, EnvelopeWithoutResultsIsCorruptInput) {
  RecordSplitter splitter(RecordFormat::kEnvelope);
  std::vector<RecordSpan> spans;
  auto n = splitter.Split("{\"meta\": {}, \"data\": []}", true, &spans);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kCorruptInput);
  EXPECT_NE(n.status().message().find("results"), std::string::npos) << n.status().message();
}

TEST(RecordSplitterTest, EnvelopeEndingBeforeResultsIsCorruptInput) {
  RecordSplitter splitter(RecordFormat::kEnvelope);
  std::vector<RecordSpan> spans;
  auto n = splitter.Split("{\"meta\": {\"x\": 1", true, &spans);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kCorruptInput);
}

TEST(RecordSplitterTest, ConcatenatedPrettyObjects) {
  std::string data =
      "{\n"
      "  \"a\": 1,\n"
      "  \"b\": {\"c\": \"}{\"}\n"
      "}\n"
      "{\n"
      "  \"a\": 2\n"
      "}{\"a\": 3}\n";
  std::vector<Rec> expected = {{"{\n  \"a\": 1,\n  \"b\": {\"c\": \"}{\"}\n}", 0, 0},
                               {"{\n  \"a\": 2\n}", 4, 1},
                               {"{\"a\": 3}", 6, 2}};
  EXPECT_EQ(SplitWhole(RecordFormat::kConcatenated, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kConcatenated, data, expected);
}

TEST(RecordSplitterTest, StrayTextAfterArrayIsARecordMarkedAsTrailingData) {
  std::string data = "[{\"a\":1}]\n\noops\n";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0},
                               {"oops", 2, 1, SpanProblem::kTrailingAfterArray}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, SecondArrayAfterTheFirstIsRead) {
  std::string data = "[{\"a\":1}]\n[{\"a\":2}]\n";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0}, {"{\"a\":2}", 1, 1}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, TruncatedArrayReturnsItsPartialLastElementMarkedTruncated) {
  std::string data = "[\n{\"a\":1},\n{\"a\":2,\n\"b\":";
  std::vector<Rec> expected = {{"{\"a\":1}", 1, 0},
                               {"{\"a\":2,\n\"b\":", 2, 1, SpanProblem::kTruncated}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, TruncatedArrayInsideAStringReturnsThePartialRecord) {
  std::string data = "[{\"a\":1},{\"s\":\"unterminated";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0},
                               {"{\"s\":\"unterminated", 0, 1, SpanProblem::kTruncated}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
}

TEST(RecordSplitterTest, NotAnArrayIsCorruptInput) {
  RecordSplitter splitter(RecordFormat::kJsonArray);
  std::vector<RecordSpan> spans;
  auto n = splitter.Split("{\"a\":1}", true, &spans);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kCorruptInput);
}

TEST(RecordSplitterTest, EmptyInputHasNoRecords) {
  for (auto format : {RecordFormat::kJsonLines, RecordFormat::kJsonArray, RecordFormat::kEnvelope,
                      RecordFormat::kConcatenated}) {
    EXPECT_TRUE(SplitWhole(format, "").empty()) << RecordFormatName(format);
    EXPECT_TRUE(SplitWhole(format, " \n ").empty()) << RecordFormatName(format);
  }
}

TEST(RecordSplitterTest, LineStartLimitStopsBeforeLinesStartingAtTheLimit) {
  std::string data = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
  // Lines start at 0, 8 and 16. A limit of 9 owns the lines at 0 and 8.
  RecordSplitter splitter(RecordFormat::kJsonLines);
  splitter.set_line_start_limit(9);
  std::vector<RecordSpan> spans;
  auto n = splitter.Split(data, false, &spans);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(spans.size(), 2u);
  EXPECT_EQ(*n, 16u);
  EXPECT_TRUE(splitter.finished());

  RecordSplitter exact(RecordFormat::kJsonLines);
  exact.set_line_start_limit(8);  // the line starting at byte 8 is the next range's
  spans.clear();
  n = exact.Split(data, true, &spans);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(spans.size(), 1u);
  EXPECT_TRUE(exact.finished());
}

TEST(RecordSplitterTest, RecordsFoundAndLinesConsumedAccumulateAcrossCalls) {
  RecordSplitter splitter(RecordFormat::kJsonLines);
  std::vector<RecordSpan> spans;
  ASSERT_TRUE(splitter.Split("{}\n{}\n", false, &spans).ok());
  ASSERT_TRUE(splitter.Split("{}\n", true, &spans).ok());
  EXPECT_EQ(splitter.records_found(), 3u);
  EXPECT_EQ(splitter.lines_consumed(), 3u);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[2].line, 2u);
  EXPECT_EQ(spans[2].index, 2u);
}

}  // namespace
}  // namespace aq

namespace aq {
namespace {

// Regression: a closing bracket where a record should start made the splitter loop forever
// (found by record_reader_fuzz). It must come out as one character of stray text instead.
TEST(RecordSplitterTest, StrayClosingBracketsAreRecordsNotAHang) {
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, "[{\"a\":1}, }, {\"b\":2}]"),
            (std::vector<Rec>{{"{\"a\":1}", 0, 0}, {"}", 0, 1}, {"{\"b\":2}", 0, 2}}));
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, "[{\"a\":1}]]"),
            (std::vector<Rec>{{"{\"a\":1}", 0, 0}, {"]", 0, 1, SpanProblem::kTrailingAfterArray}}));
  EXPECT_EQ(SplitWhole(RecordFormat::kConcatenated, "{\"a\":1}\n}\n"),
            (std::vector<Rec>{{"{\"a\":1}", 0, 0}, {"}", 1, 1}}));
}

}  // namespace
}  // namespace aq

namespace aq {
namespace {

// Regression (found by record_reader_fuzz): in a concatenated file that starts with a byte order
// mark, a first call that ended inside the first record left the BOM unconsumed, and the next
// call made it part of the record.
TEST(RecordSplitterTest, ByteOrderMarkOfConcatenatedFileIsNotPartOfTheFirstRecord) {
  std::string data = "\xEF\xBB\xBF{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n";
  RecordSplitter splitter(RecordFormat::kConcatenated);
  std::vector<RecordSpan> spans;
  auto first = splitter.Split(std::string_view(data).substr(0, 6), false, &spans);
  ASSERT_TRUE(first.ok());
  std::string rest = data.substr(*first);
  auto second = splitter.Split(rest, true, &spans);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(rest.substr(spans[0].offset, spans[0].length), "{\n  \"a\": 1\n}");
}

// What the splitter says the file lacks after reading all of `data`.
const char* MissingEnd(RecordFormat format, std::string_view data) {
  RecordSplitter splitter(format);
  std::vector<RecordSpan> spans;
  EXPECT_TRUE(splitter.Split(data, true, &spans).ok());
  return splitter.missing_end();
}

TEST(RecordSplitterTest, ArrayCutBetweenRecordsSaysItLacksItsClosingBracket) {
  std::string data = "[{\"a\":1},\n{\"a\":2}";
  std::vector<Rec> expected = {{"{\"a\":1}", 0, 0}, {"{\"a\":2}", 1, 1}};
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
  ASSERT_NE(MissingEnd(RecordFormat::kJsonArray, data), nullptr);
  EXPECT_STREQ(MissingEnd(RecordFormat::kJsonArray, data), "the JSON array's closing ']'");
  EXPECT_NE(MissingEnd(RecordFormat::kJsonArray, "[{\"a\":1},"), nullptr);
}

TEST(RecordSplitterTest, CompleteFilesLackNothing) {
  EXPECT_EQ(MissingEnd(RecordFormat::kJsonArray, "[{\"a\":1}]\n"), nullptr);
  EXPECT_EQ(MissingEnd(RecordFormat::kEnvelope, "{\"results\":[{\"a\":1}],\"meta\":{}}"), nullptr);
  EXPECT_EQ(MissingEnd(RecordFormat::kConcatenated, "{\"a\":1}"), nullptr);
  EXPECT_EQ(MissingEnd(RecordFormat::kJsonLines, "{\"a\":1"), nullptr);
}

TEST(RecordSplitterTest, EnvelopeWithoutItsClosingBracketsSaysItIsIncomplete) {
  EXPECT_NE(MissingEnd(RecordFormat::kEnvelope, "{\"meta\":{},\"results\":[{\"a\":1}"), nullptr);
  EXPECT_NE(MissingEnd(RecordFormat::kEnvelope, "{\"meta\":{},\"results\":[{\"a\":1},"), nullptr);
  EXPECT_STREQ(MissingEnd(RecordFormat::kEnvelope, "{\"results\":[{\"a\":1}]"),
               "the API response object's closing '}'");
  EXPECT_NE(MissingEnd(RecordFormat::kEnvelope, "{\"results\":[{\"a\":1}], \"meta\": {\"fo"),
            nullptr);
}

TEST(RecordSplitterTest, EnvelopeFollowedByDataQuarantinesTheDataInsteadOfDroppingIt) {
  std::string data =
      "{\"meta\": {}, \"results\": [\n{\"a\":1}\n], \"page\": {\"n\": [1, \"]}\"]}\n}\n"
      "{\"a\":2}\n[3]\n";
  std::vector<Rec> expected = {{"{\"a\":1}", 1, 0},
                               {"{\"a\":2}", 4, 1, SpanProblem::kTrailingAfterEnvelope},
                               {"[3]", 5, 2, SpanProblem::kTrailingAfterEnvelope}};
  EXPECT_EQ(SplitWhole(RecordFormat::kEnvelope, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kEnvelope, data, expected);
  EXPECT_EQ(MissingEnd(RecordFormat::kEnvelope, data), nullptr);
}

TEST(RecordSplitterTest, DoubleCommaInArrayIsAnEmptyElementNotSilentlySkipped) {
  std::string data = "[{\"a\":1},,{\"a\":2}]";
  std::vector<Rec> expected = {
      {"{\"a\":1}", 0, 0}, {",", 0, 1, SpanProblem::kEmptyElement}, {"{\"a\":2}", 0, 2}};
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kJsonArray, data, expected);
  // A comma right after '[' too; a trailing comma before ']' loses nothing and passes.
  EXPECT_EQ(SplitWhole(RecordFormat::kJsonArray, "[,{\"a\":1},]"),
            (std::vector<Rec>{{",", 0, 0, SpanProblem::kEmptyElement}, {"{\"a\":1}", 0, 1}}));
}

TEST(RecordSplitterTest, ConcatenatedObjectCutOffAtTheEndIsMarkedTruncated) {
  std::string data = "{\n  \"a\": 1\n}\n{\n  \"a\": 2,\n";
  std::vector<Rec> expected = {{"{\n  \"a\": 1\n}", 0, 0},
                               {"{\n  \"a\": 2,", 3, 1, SpanProblem::kTruncated}};
  EXPECT_EQ(SplitWhole(RecordFormat::kConcatenated, data), expected);
  ExpectSameAtEveryCut(RecordFormat::kConcatenated, data, expected);
}

// Feeds `data` in pieces of `piece` bytes the way ChunkReader does when no record fits: the
// pieces hold no whole record, so the splitter is told to cut the oversized one.
std::vector<Rec> SplitWithCut(RecordFormat format, std::string_view data, size_t max_bytes) {
  RecordSplitter splitter(format);
  std::vector<Rec> out;
  size_t consumed = 0;
  while (consumed < data.size()) {
    std::string_view piece = data.substr(consumed, std::min(max_bytes, data.size() - consumed));
    bool at_end = consumed + piece.size() == data.size();
    std::vector<RecordSpan> spans;
    auto n = splitter.Split(piece, at_end, &spans);
    EXPECT_TRUE(n.ok());
    if (!n.ok()) return out;
    if (spans.empty() && *n == 0 && !at_end) {
      n = splitter.CutOversized(piece, max_bytes, &spans);
      EXPECT_TRUE(n.ok());
      if (!n.ok()) return out;
    }
    for (const auto& s : spans)
      out.push_back({std::string(piece.substr(s.offset, s.length)), s.line, s.index, s.problem});
    consumed += *n;
    if (*n == 0 && at_end) break;
  }
  return out;
}

TEST(RecordSplitterTest, OversizedRecordIsCutAndTheRecordsAfterItAreRead) {
  std::string big_line = "{\"pad\":\"" + std::string(50, 'x') + "\"}";
  EXPECT_EQ(SplitWithCut(RecordFormat::kJsonLines, "{\"a\":1}\n" + big_line + "\n{\"a\":2}\n", 16),
            (std::vector<Rec>{{"{\"a\":1}", 0, 0},
                              {big_line.substr(0, 16), 1, 1, SpanProblem::kTooLarge},
                              {"{\"a\":2}", 2, 2}}));
  // In an array the skip follows strings and brackets to the end of the element.
  std::string big = "{\"s\":\"],}{\\\"\",\n\"n\":[1,[2]],\"pad\":\"" + std::string(40, 'y') + "\"}";
  EXPECT_EQ(
      SplitWithCut(RecordFormat::kJsonArray, "[" + big + ",\n{\"a\":2}]", 16),
      (std::vector<Rec>{{big.substr(0, 16), 0, 0, SpanProblem::kTooLarge}, {"{\"a\":2}", 2, 1}}));
}

}  // namespace
}  // namespace aq
