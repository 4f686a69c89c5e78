// The records of an ingest: OpenAQ v3 locations (with the sensors they list) read from the API's
// JSON, and each measurement written out as the API returned it, enriched with the context the
// v3 measurement lacks.
//
// An enriched record names the shared facts as the capstone's v2 raw files do, so `aqpipe run`
// flattens both into the same columns (docs/flattening.md, "OpenAQ v3 ingest output"):
//   locationId, location, parameter, value, unit, date {utc, local}, coordinates {latitude,
//   longitude}, country, city
// plus v3's extras: sensorId, parameterId, timezone, isMobile, isMonitor, provider, owner,
// openaqApi ("v3"), openaqData (measurements|hours|days), and `measurement`, the API's record as
// fetched. `date` is the end of the measurement's period (v2's `date` was the end of the
// averaging period too), so the natural key (location_id, parameter, date_utc) names the same
// hour in both.
//
// Every value copied from the API keeps its JSON text (strings stay escaped as they came); a
// field the API left null or out is written as null.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::ingest {

struct Sensor {
  int64_t id = 0;
  std::string parameter;       // decoded name ("pm25"), for --parameters
  std::string parameter_json;  // the JSON texts, copied into records
  std::string parameter_id_json = "null";
  std::string units_json = "null";
};

struct Location {
  int64_t id = 0;
  std::string name_json = "null";
  std::string country_json = "null";  // the ISO code
  std::string locality_json = "null";
  std::string timezone_json = "null";
  std::string latitude_json = "null";
  std::string longitude_json = "null";
  std::string is_mobile_json = "null";
  std::string is_monitor_json = "null";
  std::string provider_json = "null";
  std::string owner_json = "null";
  std::string first_utc;  // datetimeFirst.utc, empty when unknown
  std::string last_utc;   // datetimeLast.utc, empty when unknown
  std::vector<Sensor> sensors;
};

// One element of /v3/locations' results. A location without sensors is valid (sensors empty).
Result<Location> ParseLocation(std::string_view json);

struct EnrichedRecord {
  std::string line;  // one JSON object, no newline
  std::string day;   // "2024-01-31", the UTC date of `date`; empty when the period is missing
};

// One element of /v3/sensors/{id}/(measurements|hours|days)' results, enriched.
Result<EnrichedRecord> Enrich(std::string_view measurement_json, const Location& location,
                              const Sensor& sensor, std::string_view data);

}  // namespace aq::ingest
