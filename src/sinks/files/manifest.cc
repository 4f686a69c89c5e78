#include "sinks/files/manifest.h"

#include <simdjson.h>

#include "common/text_format.h"
#include "normalize/types.h"

namespace aq {

void SetManifestColumns(const Schema& schema, Manifest* manifest) {
  manifest->columns.clear();
  manifest->key.clear();
  for (size_t i = 0; i < schema.columns().size(); ++i) {
    if (!schema.IsLive(i)) continue;
    const Column& column = schema.columns()[i];
    manifest->columns.push_back(
        {column.name, TypeName(column.type), column.source_path, column.key});
    if (column.key) manifest->key.push_back(column.name);
  }
}

namespace {

void AppendStringArray(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

}  // namespace

std::string ManifestToJson(const Manifest& manifest) {
  std::string out = "{\"format\":\"csv\",\"compression\":";
  AppendJsonString(manifest.compression, &out);
  out += ",\"header\":true,\"run_id\":";
  AppendJsonString(manifest.run_id, &out);
  out += ",\n\"columns\":[";
  for (size_t i = 0; i < manifest.columns.size(); ++i) {
    const ManifestColumn& column = manifest.columns[i];
    out += i > 0 ? ",\n  {\"name\":" : "\n  {\"name\":";
    AppendJsonString(column.name, &out);
    out += ",\"type\":";
    AppendJsonString(column.type, &out);
    out += ",\"source_path\":";
    AppendJsonString(column.source_path, &out);
    out += column.key ? ",\"key\":true}" : ",\"key\":false}";
  }
  out += "],\n\"key\":";
  AppendStringArray(manifest.key, &out);
  out += ",\n\"rows\":" + std::to_string(manifest.rows) + ",\n\"parts\":[";
  for (size_t i = 0; i < manifest.parts.size(); ++i) {
    const ManifestPart& part = manifest.parts[i];
    out += i > 0 ? ",\n  {\"path\":" : "\n  {\"path\":";
    AppendJsonString(part.path, &out);
    out += ",\"rows\":" + std::to_string(part.rows) + ",\"bytes\":" + std::to_string(part.bytes) +
           ",\"columns\":";
    AppendStringArray(part.columns, &out);
    out += "}";
  }
  out += "]";
  if (!manifest.sources.empty()) {
    out += ",\n\"sources\":[";
    for (size_t i = 0; i < manifest.sources.size(); ++i) {
      const ManifestSource& source = manifest.sources[i];
      out += i > 0 ? ",\n  {\"path\":" : "\n  {\"path\":";
      AppendJsonString(source.path, &out);
      out += ",\"version\":";
      AppendJsonString(source.version, &out);
      out += ",\"size\":" + std::to_string(source.size) +
             ",\"rows\":" + std::to_string(source.rows) + "}";
    }
    out += "]";
  }
  out += "}\n";
  return out;
}

namespace {

Status NotAManifest(const std::string& what) {
  return CorruptInput("not an aqpipe manifest: " + what);
}

Result<std::string> StringField(simdjson::dom::element object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value))
    return NotAManifest(std::string("no \"") + key + "\" string");
  return std::string(value);
}

Result<uint64_t> CountField(simdjson::dom::element object, const char* key) {
  uint64_t value = 0;
  if (object[key].get_uint64().get(value))
    return NotAManifest(std::string("no \"") + key + "\" count");
  return value;
}

Result<std::vector<std::string>> StringArray(simdjson::dom::element object, const char* key) {
  simdjson::dom::array array;
  if (object[key].get_array().get(array))
    return NotAManifest(std::string("no \"") + key + "\" array");
  std::vector<std::string> values;
  for (simdjson::dom::element item : array) {
    std::string_view value;
    if (item.get_string().get(value))
      return NotAManifest(std::string("a non-string in \"") + key + "\"");
    values.emplace_back(value);
  }
  return values;
}

}  // namespace

Result<Manifest> ParseManifest(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(simdjson::padded_string(json)).get(root) || !root.is_object())
    return NotAManifest("not a JSON object");
  Manifest manifest;
  AQ_ASSIGN_OR_RETURN(manifest.compression, StringField(root, "compression"));
  AQ_ASSIGN_OR_RETURN(manifest.run_id, StringField(root, "run_id"));
  AQ_ASSIGN_OR_RETURN(manifest.key, StringArray(root, "key"));
  AQ_ASSIGN_OR_RETURN(manifest.rows, CountField(root, "rows"));
  simdjson::dom::array array;
  if (root["columns"].get_array().get(array)) return NotAManifest("no \"columns\" array");
  for (simdjson::dom::element item : array) {
    ManifestColumn column;
    AQ_ASSIGN_OR_RETURN(column.name, StringField(item, "name"));
    AQ_ASSIGN_OR_RETURN(column.type, StringField(item, "type"));
    AQ_ASSIGN_OR_RETURN(column.source_path, StringField(item, "source_path"));
    if (item["key"].get_bool().get(column.key)) return NotAManifest("a column without \"key\"");
    manifest.columns.push_back(std::move(column));
  }
  if (root["parts"].get_array().get(array)) return NotAManifest("no \"parts\" array");
  for (simdjson::dom::element item : array) {
    ManifestPart part;
    AQ_ASSIGN_OR_RETURN(part.path, StringField(item, "path"));
    AQ_ASSIGN_OR_RETURN(part.rows, CountField(item, "rows"));
    AQ_ASSIGN_OR_RETURN(part.bytes, CountField(item, "bytes"));
    AQ_ASSIGN_OR_RETURN(part.columns, StringArray(item, "columns"));
    manifest.parts.push_back(std::move(part));
  }
  // Optional: only a run that wrote alone records its sources.
  if (!root["sources"].get_array().get(array)) {
    for (simdjson::dom::element item : array) {
      ManifestSource source;
      AQ_ASSIGN_OR_RETURN(source.path, StringField(item, "path"));
      AQ_ASSIGN_OR_RETURN(source.version, StringField(item, "version"));
      AQ_ASSIGN_OR_RETURN(source.size, CountField(item, "size"));
      AQ_ASSIGN_OR_RETURN(source.rows, CountField(item, "rows"));
      manifest.sources.push_back(std::move(source));
    }
  }
  return manifest;
}

Result<std::vector<std::string>> ManifestPartPaths(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array parts;
  if (parser.parse(simdjson::padded_string(json)).get(root) ||
      root["parts"].get_array().get(parts)) {
    return CorruptInput("not an aqpipe manifest: no valid JSON object with a \"parts\" array");
  }
  std::vector<std::string> paths;
  for (simdjson::dom::element part : parts) {
    std::string_view path;
    if (part["path"].get_string().get(path))
      return CorruptInput("manifest part without a \"path\" string");
    paths.emplace_back(path);
  }
  return paths;
}

}  // namespace aq
