#include "ingest/state.h"

#include <gtest/gtest.h>

namespace aq::ingest {
namespace {

TEST(IngestStateTest, RoundTripsWatermarks) {
  IngestState state;
  state.watermarks = {{11, 1706745600}, {4, 0}};
  auto back = ParseState(SerializeState("hours", state), "hours", "s.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->watermarks, state.watermarks);
}

TEST(IngestStateTest, AnotherDataKindsOrDamagedStateIsADataError) {
  IngestState state;
  state.watermarks = {{11, 1706745600}};
  std::string text = SerializeState("hours", state);
  EXPECT_EQ(ParseState(text, "days", "s.json").status().code(), StatusCode::kDataError);
  EXPECT_EQ(ParseState(text.substr(0, text.size() / 2), "hours", "s.json").status().code(),
            StatusCode::kDataError);
  EXPECT_EQ(ParseState(R"({"data":"hours","watermarks":{"x":"2024-01-01"}})", "hours", "s.json")
                .status()
                .code(),
            StatusCode::kDataError);
}

TEST(IngestStateTest, StateIsHiddenBesideTheData) {
  EXPECT_EQ(StatePath("s3://b/u/ingest", "hours"),
            "s3://b/u/ingest/.aqpipe-ingest/state-hours.json");
  EXPECT_EQ(StatePath("out/", "days"), "out/.aqpipe-ingest/state-days.json");
}

}  // namespace
}  // namespace aq::ingest
