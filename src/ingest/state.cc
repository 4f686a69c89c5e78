#include "ingest/state.h"

#include <simdjson.h>

#include <charconv>

#include "ingest/time_window.h"

namespace aq::ingest {

std::string StatePath(const std::string& out, const std::string& data) {
  std::string base = out;
  if (!base.empty() && base.back() != '/') base += '/';
  return base + ".aqpipe-ingest/state-" + data + ".json";
}

std::string SerializeState(const std::string& data, const IngestState& state) {
  std::string out = "{\"version\":1,\"data\":\"" + data + "\",\"watermarks\":{";
  bool first = true;
  for (const auto& [sensor, watermark] : state.watermarks) {
    out += (first ? "\n\"" : ",\n\"") + std::to_string(sensor) + "\":\"" +
           FormatInstant(watermark) + "\"";
    first = false;
  }
  return out + "}}\n";
}

Result<IngestState> ParseState(std::string_view json, const std::string& data,
                               const std::string& path) {
  auto damaged = [&path](const std::string& what) {
    return DataError("ingest state " + path + " is damaged: " + what +
                     "; delete it to fetch the whole --from/--to window again");
  };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) {
    return damaged("not JSON");
  }
  std::string_view stored;
  if (doc["data"].get(stored) != simdjson::SUCCESS || stored != data) {
    return damaged("it is not the state of --data " + data);
  }
  simdjson::dom::object watermarks;
  if (doc["watermarks"].get(watermarks) != simdjson::SUCCESS) {
    return damaged("no watermarks object");
  }
  IngestState state;
  for (auto [key, value] : watermarks) {
    int64_t sensor = 0;
    auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), sensor);
    std::string_view text;
    if (ec != std::errc() || ptr != key.data() + key.size() ||
        value.get(text) != simdjson::SUCCESS) {
      return damaged("sensor '" + std::string(key) + "'");
    }
    Result<int64_t> instant = ParseInstant(text);
    if (!instant.ok()) return damaged(instant.status().message());
    state.watermarks[sensor] = *instant;
  }
  return state;
}

Result<IngestState> LoadState(FileSystem& fs, const std::string& path, const std::string& data) {
  Result<std::string> text = ReadAll(fs, path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return IngestState{};
    return text.status().WithContext("reading the ingest state " + path);
  }
  return ParseState(*text, data, path);
}

Status SaveState(FileSystem& fs, const std::string& path, const std::string& data,
                 const IngestState& state) {
  Status status = WriteAll(fs, path, SerializeState(data, state));
  return status.ok() ? status : status.WithContext("writing the ingest state " + path);
}

}  // namespace aq::ingest
