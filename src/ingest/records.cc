#include "ingest/records.h"

#include <simdjson.h>

namespace aq::ingest {
namespace {

using simdjson::dom::element;

// The JSON text of obj[key], or "null" when absent.
std::string Text(element obj, std::string_view key) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS) return "null";
  return simdjson::minify(value);
}

std::string Text(element obj, std::string_view key, std::string_view inner) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS || !value.is_object()) return "null";
  return Text(value, inner);
}

std::string String(element obj, std::string_view key, std::string_view inner) {
  std::string_view s;
  if (obj[key][inner].get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

}  // namespace

Result<Location> ParseLocation(std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  int64_t id = 0;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc["id"].get(id) != simdjson::SUCCESS) {
    return CorruptInput("an OpenAQ location without a numeric id");
  }
  Location location;
  location.id = id;
  location.name_json = Text(doc, "name");
  location.country_json = Text(doc, "country", "code");
  location.locality_json = Text(doc, "locality");
  location.timezone_json = Text(doc, "timezone");
  location.latitude_json = Text(doc, "coordinates", "latitude");
  location.longitude_json = Text(doc, "coordinates", "longitude");
  location.is_mobile_json = Text(doc, "isMobile");
  location.is_monitor_json = Text(doc, "isMonitor");
  location.provider_json = Text(doc, "provider", "name");
  location.owner_json = Text(doc, "owner", "name");
  location.first_utc = String(doc, "datetimeFirst", "utc");
  location.last_utc = String(doc, "datetimeLast", "utc");
  simdjson::dom::array sensors;
  if (doc["sensors"].get(sensors) != simdjson::SUCCESS) return location;  // null or absent
  for (element item : sensors) {
    Sensor sensor;
    std::string_view name;
    if (item["id"].get(sensor.id) != simdjson::SUCCESS ||
        item["parameter"]["name"].get(name) != simdjson::SUCCESS) {
      return CorruptInput("OpenAQ location " + std::to_string(id) +
                          " lists a sensor without an id or parameter name");
    }
    sensor.parameter = std::string(name);
    sensor.parameter_json = Text(item, "parameter", "name");
    sensor.parameter_id_json = Text(item, "parameter", "id");
    sensor.units_json = Text(item, "parameter", "units");
    location.sensors.push_back(std::move(sensor));
  }
  return location;
}

Result<EnrichedRecord> Enrich(std::string_view measurement_json, const Location& location,
                              const Sensor& sensor, std::string_view data) {
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(measurement_json.data(), measurement_json.size()).get(doc) !=
          simdjson::SUCCESS ||
      !doc.is_object()) {
    return CorruptInput("sensor " + std::to_string(sensor.id) + ": a result that is not an object");
  }
  // The period's end, as v2's `date` was; a missing period leaves the date null.
  std::string utc = "null";
  std::string local = "null";
  EnrichedRecord record;
  element end;
  if (doc["period"]["datetimeTo"].get(end) == simdjson::SUCCESS && end.is_object()) {
    utc = Text(end, "utc");
    local = Text(end, "local");
    std::string_view utc_text;
    if (end["utc"].get(utc_text) == simdjson::SUCCESS && utc_text.size() >= 10) {
      record.day = std::string(utc_text.substr(0, 10));
    }
  }
  std::string units = sensor.units_json;
  if (std::string u = Text(doc, "parameter", "units"); u != "null") units = u;
  std::string& out = record.line;
  out.reserve(measurement_json.size() + 512);
  out += "{\"locationId\":" + std::to_string(location.id);
  out += ",\"location\":" + location.name_json;
  out += ",\"sensorId\":" + std::to_string(sensor.id);
  out += ",\"parameter\":" + sensor.parameter_json;
  out += ",\"parameterId\":" + sensor.parameter_id_json;
  out += ",\"value\":" + Text(doc, "value");
  out += ",\"unit\":" + units;
  out += ",\"date\":{\"utc\":" + utc + ",\"local\":" + local + "}";
  out += ",\"coordinates\":{\"latitude\":" + location.latitude_json +
         ",\"longitude\":" + location.longitude_json + "}";
  out += ",\"country\":" + location.country_json;
  out += ",\"city\":" + location.locality_json;
  out += ",\"timezone\":" + location.timezone_json;
  out += ",\"isMobile\":" + location.is_mobile_json;
  out += ",\"isMonitor\":" + location.is_monitor_json;
  out += ",\"provider\":" + location.provider_json;
  out += ",\"owner\":" + location.owner_json;
  out += ",\"openaqApi\":\"v3\",\"openaqData\":\"" + std::string(data) + "\"";
  out += ",\"measurement\":" + std::string(measurement_json) + "}";
  return record;
}

}  // namespace aq::ingest
