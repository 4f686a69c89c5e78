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
  out += "]}\n";
  return out;
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
