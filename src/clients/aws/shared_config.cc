#include "clients/aws/shared_config.h"
#include "common/text_format.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace aq::aws {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// The profile a section header names, or "" when the section is not a profile.
std::string ProfileOfSection(const std::string& header, SharedFileKind kind) {
  if (kind == SharedFileKind::kCredentials) return header;
  if (header == "default") return header;
  if (header.rfind("profile", 0) == 0 && header.size() > 7 &&
      std::isspace(static_cast<unsigned char>(header[7]))) {
    return Trim(header.substr(7));
  }
  return "";
}

}  // namespace

Result<ProfileMap> ParseSharedFile(std::string_view text, SharedFileKind kind,
                                   const std::string& path) {
  ProfileMap out;
  ProfileValues* section = nullptr;
  ProfileValues ignored;
  std::string parent;  // key whose indented sub-keys follow
  int line_number = 0;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? "" : text.substr(newline + 1);
    ++line_number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    bool indented = std::isspace(static_cast<unsigned char>(raw[0]));
    if (line[0] == '[') {
      if (line.back() != ']') {
        return InvalidArgument(path + ":" + std::to_string(line_number) +
                               ": section header without ']'");
      }
      std::string header = Trim(line.substr(1, line.size() - 2));
      std::string profile = ProfileOfSection(header, kind);
      section = profile.empty() ? &ignored : &out[profile];
      parent.clear();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument(path + ":" + std::to_string(line_number) +
                             ": expected 'key = value' (fix or remove this line)");
    }
    if (section == nullptr) {
      return InvalidArgument(path + ":" + std::to_string(line_number) +
                             ": setting before any [section] header");
    }
    std::string key = AsciiLower(Trim(line.substr(0, eq)));
    std::string value = Trim(line.substr(eq + 1));
    if (indented && !parent.empty()) {
      std::string dotted = parent;
      dotted += '.';
      dotted += key;
      (*section)[dotted] = value;
      continue;
    }
    (*section)[key] = value;
    parent = value.empty() ? key : "";
  }
  return out;
}

Result<ProfileMap> LoadSharedFile(const std::string& path, SharedFileKind kind, bool* found) {
  *found = false;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) return ProfileMap{};
    return IoError("cannot read AWS " +
                   std::string(kind == SharedFileKind::kConfig ? "config" : "credentials") +
                   " file " + path + ": " + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *found = true;
  return ParseSharedFile(buffer.str(), kind, path);
}

bool SharedConfig::HasProfile(const std::string& profile) const {
  return credentials.count(profile) > 0 || config.count(profile) > 0;
}

std::optional<std::string> SharedConfig::Get(const std::string& profile,
                                             const std::string& key) const {
  for (const ProfileMap* map : {&credentials, &config}) {
    auto section = map->find(profile);
    if (section == map->end()) continue;
    auto value = section->second.find(key);
    if (value != section->second.end() && !value->second.empty()) return value->second;
  }
  return std::nullopt;
}

}  // namespace aq::aws
