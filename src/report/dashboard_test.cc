#include "report/dashboard.h"

#include <gtest/gtest.h>

#include "report/assets.h"

namespace aq::report {
namespace {

DashboardInput Input() {
  DashboardInput input;
  input.table = "air";
  input.source = "sqlite:air.db";
  input.generated = "2024-01-01 00:00:00";
  input.monthly.push_back(
      {2024, 1, "pm25", "µg/m³", 30, "</script><b>x", "2024-01-01 03:00:00", 2});
  input.daily.push_back({"2024-01-01", "pm25", "µg/m³", 30, "Gent", "2024-01-01 03:00:00", 2,
                         std::nullopt, 0, std::nullopt, false});
  input.daily.push_back(
      {"2024-01-01", "no2", "ppm", 0.05, "Gent", "2024-01-01 03:00:00", 1, 0.04, 1, 1.25, true});
  return input;
}

TEST(RenderDashboard, DataCannotEndItsScriptElement) {
  if (!Available()) GTEST_SKIP() << "built without uPlot (scripts/setup.sh)";
  auto html = RenderDashboard(Input());
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->find("</script><b>"), std::string::npos);
  EXPECT_NE(html->find("<\\/script><b>x"), std::string::npos);
}

TEST(RenderDashboard, IsSelfContainedAndForbidsRequests) {
  if (!Available()) GTEST_SKIP() << "built without uPlot (scripts/setup.sh)";
  auto html = RenderDashboard(Input());
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html->find("<script src"), std::string::npos);
  EXPECT_EQ(html->find("<link"), std::string::npos);
  EXPECT_NE(html->find("null,0,null,0]"), std::string::npos);  // no prior maximum: nulls
}

TEST(MetricCount, CountsParameterAndUnitPairs) { EXPECT_EQ(MetricCount(Input()), 2u); }

}  // namespace
}  // namespace aq::report
