#include "ingest/records.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace aq::ingest {
namespace {

constexpr std::string_view kLocation = R"({"id":4101,"name":"Bruxelles \"Arts-Loi\"",
  "locality":null,"timezone":"Europe/Brussels","country":{"id":20,"code":"BE","name":"Belgium"},
  "isMobile":false,"isMonitor":true,"owner":{"id":1,"name":"IRCEL"},"provider":null,
  "coordinates":{"latitude":50.8454,"longitude":4.3699},
  "sensors":[{"id":11,"name":"pm25 µg/m³","parameter":{"id":2,"name":"pm25","units":"µg/m³",
  "displayName":null}}],"datetimeFirst":{"utc":"2016-01-01T00:00:00Z","local":"x"},
  "datetimeLast":null})";

TEST(RecordsTest, ReadsALocationWithNullsAndItsSensors) {
  auto location = ParseLocation(kLocation);
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_EQ(location->id, 4101);
  EXPECT_EQ(location->name_json, R"("Bruxelles \"Arts-Loi\"")");
  EXPECT_EQ(location->country_json, R"("BE")");
  EXPECT_EQ(location->locality_json, "null");
  EXPECT_EQ(location->provider_json, "null");
  EXPECT_EQ(location->first_utc, "2016-01-01T00:00:00Z");
  EXPECT_EQ(location->last_utc, "");
  ASSERT_EQ(location->sensors.size(), 1u);
  EXPECT_EQ(location->sensors[0].id, 11);
  EXPECT_EQ(location->sensors[0].parameter, "pm25");
}

TEST(RecordsTest, ALocationWithoutSensorsIsValidAndOneWithoutIdIsNot) {
  auto empty = ParseLocation(R"({"id":7,"name":"x","sensors":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->sensors.empty());
  EXPECT_EQ(ParseLocation(R"({"name":"x"})").status().code(), StatusCode::kCorruptInput);
}

TEST(RecordsTest, EnrichedRecordCarriesV2NamesAndTheRawMeasurement) {
  auto location = ParseLocation(kLocation);
  ASSERT_TRUE(location.ok());
  constexpr std::string_view kMeasurement =
      R"({"value":19.5,"flagInfo":{"hasFlags":false},"parameter":{"id":2,"name":"pm25",)"
      R"("units":"µg/m³","displayName":null},"period":{"label":"1hour","interval":"01:00:00",)"
      R"("datetimeFrom":{"utc":"2024-01-01T00:00:00Z","local":"2024-01-01T01:00:00+01:00"},)"
      R"("datetimeTo":{"utc":"2024-01-01T01:00:00Z","local":"2024-01-01T02:00:00+01:00"}},)"
      R"("coordinates":null,"summary":null,"coverage":null})";
  auto record = Enrich(kMeasurement, *location, location->sensors[0], "hours");
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->day, "2024-01-01");
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(record->line);
  EXPECT_EQ(int64_t(doc["locationId"]), 4101);
  EXPECT_EQ(std::string_view(doc["location"]), "Bruxelles \"Arts-Loi\"");
  EXPECT_EQ(std::string_view(doc["parameter"]), "pm25");
  EXPECT_EQ(double(doc["value"]), 19.5);
  EXPECT_EQ(std::string_view(doc["unit"]), "µg/m³");
  EXPECT_EQ(std::string_view(doc["date"]["utc"]), "2024-01-01T01:00:00Z");
  EXPECT_EQ(std::string_view(doc["date"]["local"]), "2024-01-01T02:00:00+01:00");
  EXPECT_EQ(double(doc["coordinates"]["latitude"]), 50.8454);
  EXPECT_EQ(std::string_view(doc["country"]), "BE");
  EXPECT_TRUE(doc["city"].is_null());
  EXPECT_EQ(int64_t(doc["sensorId"]), 11);
  EXPECT_EQ(std::string_view(doc["openaqData"]), "hours");
  simdjson::dom::parser raw;  // a parse reuses its parser's buffer: `doc` must stay valid
  EXPECT_EQ(simdjson::minify(doc["measurement"]), simdjson::minify(raw.parse(kMeasurement)));
}

TEST(RecordsTest, AMeasurementWithoutPeriodHasANullDateAndNoDay) {
  auto location = ParseLocation(kLocation);
  ASSERT_TRUE(location.ok());
  auto record = Enrich(R"({"value":3,"period":null})", *location, location->sensors[0], "days");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->day, "");
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(record->line);
  EXPECT_TRUE(doc["date"]["utc"].is_null());
}

}  // namespace
}  // namespace aq::ingest
