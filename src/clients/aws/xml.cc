#include "clients/aws/xml.h"

#include <cstdint>
#include <cstdlib>

namespace aq::aws::xml {
namespace {

// Where the element named `tag` opens at or after `from`: the position of its
// '<', with *content_begin set past its '>' and *self_closing for <tag/>.
size_t FindOpen(std::string_view doc, std::string_view tag, size_t from, size_t* content_begin,
                bool* self_closing) {
  for (;;) {
    size_t lt = doc.find('<', from);
    if (lt == std::string_view::npos) return lt;
    from = lt + 1;
    if (doc.compare(lt + 1, tag.size(), tag) != 0) continue;
    size_t after = lt + 1 + tag.size();
    if (after >= doc.size()) return std::string_view::npos;
    char c = doc[after];
    // "<Key>" but not "<KeyCount>".
    if (c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\r' && c != '\n') continue;
    size_t gt = doc.find('>', after);
    if (gt == std::string_view::npos) return std::string_view::npos;
    *self_closing = doc[gt - 1] == '/';
    *content_begin = gt + 1;
    return lt;
  }
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::vector<std::string_view> Elements(std::string_view document, std::string_view tag) {
  std::vector<std::string_view> out;
  std::string close = "</" + std::string(tag) + ">";
  size_t from = 0;
  for (;;) {
    size_t begin = 0;
    bool self_closing = false;
    size_t open = FindOpen(document, tag, from, &begin, &self_closing);
    if (open == std::string_view::npos) return out;
    if (self_closing) {
      out.emplace_back();
      from = begin;
      continue;
    }
    size_t end = document.find(close, begin);
    if (end == std::string_view::npos) return out;  // truncated document: keep what was whole
    out.push_back(document.substr(begin, end - begin));
    from = end + close.size();
  }
}

std::optional<std::string> Text(std::string_view document, std::string_view tag) {
  size_t begin = 0;
  bool self_closing = false;
  if (FindOpen(document, tag, 0, &begin, &self_closing) == std::string_view::npos)
    return std::nullopt;
  if (self_closing) return std::string();
  size_t end = document.find("</" + std::string(tag) + ">", begin);
  if (end == std::string_view::npos) return std::nullopt;
  return Unescape(document.substr(begin, end - begin));
}

std::string Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") {
      out.push_back('&');
    } else if (entity == "lt") {
      out.push_back('<');
    } else if (entity == "gt") {
      out.push_back('>');
    } else if (entity == "quot") {
      out.push_back('"');
    } else if (entity == "apos") {
      out.push_back('\'');
    } else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      std::string digits(entity.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (digits.empty() || *end != '\0') {
        out.push_back('&');
        continue;
      }
      AppendUtf8(static_cast<uint32_t>(cp), out);
    } else {
      out.push_back('&');
      continue;
    }
    i = semi;
  }
  return out;
}

}  // namespace aq::aws::xml
