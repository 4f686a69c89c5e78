#include "clients/openaq/response.h"

#include <simdjson.h>

#include <charconv>

#include "common/redact.h"

namespace aq::openaq {
namespace {

// `found` as a number, ">1000", or a numeric string.
void ReadFound(simdjson::dom::element found, Page* page) {
  if (found.is_uint64()) {
    page->found = found.get_uint64().value();
    return;
  }
  if (found.is_int64()) {
    int64_t n = found.get_int64().value();
    if (n >= 0) page->found = static_cast<uint64_t>(n);
    return;
  }
  if (!found.is_string()) return;
  std::string_view text = found.get_string().value();
  if (!text.empty() && text.front() == '>') {
    page->found_is_lower_bound = true;
    text.remove_prefix(1);
  }
  uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) page->found = n;
}

// The server's own explanation ({"detail": "..."} or a FastAPI list of {"msg": ...}), short.
std::string Detail(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string detail;
  if (parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS) {
    simdjson::dom::element d;
    if (doc["detail"].get(d) == simdjson::SUCCESS) {
      if (d.is_string()) {
        detail = std::string(d.get_string().value());
      } else if (simdjson::dom::array items; d.get(items) == simdjson::SUCCESS) {
        for (simdjson::dom::element item : items) {
          std::string_view msg;
          if (item["msg"].get(msg) == simdjson::SUCCESS) {
            detail += (detail.empty() ? "" : "; ") + std::string(msg);
          }
        }
      }
    } else if (doc["message"].is_string()) {
      detail = std::string(doc["message"].get_string().value());
    }
  }
  if (detail.empty()) return "";
  if (detail.size() > 300) detail = detail.substr(0, 300) + "...";
  return " (the API says: " + redact::Scrub(detail) + ")";
}

}  // namespace

Result<Page> ParsePage(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    return Unavailable("the answer is not complete JSON (" + std::to_string(body.size()) +
                       " bytes): the connection was probably cut; rerun to resume");
  }
  simdjson::dom::array results;
  if (doc["results"].get(results) != simdjson::SUCCESS) {
    return Unavailable(
        "the answer has no 'results' array, not an OpenAQ v3 page; check "
        "OPENAQ_API_URL points at the v3 API (https://api.openaq.org)");
  }
  Page page;
  simdjson::dom::element found;
  if (doc["meta"]["found"].get(found) == simdjson::SUCCESS) ReadFound(found, &page);
  page.results.reserve(results.size());
  for (simdjson::dom::element item : results) page.results.push_back(simdjson::minify(item));
  return page;
}

Status ErrorForStatus(long status, std::string_view body, const std::string& what) {
  const std::string where = "OpenAQ " + what + ": HTTP " + std::to_string(status);
  const std::string detail = Detail(body);
  switch (status) {
    case 401:
      return Unauthenticated(where + detail +
                             ": the API key is missing or unknown; set OPENAQ_API_KEY or "
                             "--api-key-secret to a v3 key from explore.openaq.org/register");
    case 403:
      return PermissionDenied(where + detail +
                              ": the API key may not read this; check the key is active and "
                              "not suspended (docs.openaq.org/errors/forbidden)");
    case 404:
      return NotFound(where + detail + ": no such resource; check the id or path");
    case 410:
      return FailedPrecondition(where + detail +
                                ": API v1/v2 retired, aqpipe uses v3; OPENAQ_API_URL must be the "
                                "API root (https://api.openaq.org), not a /v1 or /v2 URL");
    case 422:
      return InvalidArgument(where + detail +
                             ": the API rejected a query parameter; check --country, "
                             "--parameters, --from and --to");
    case 429:
      return Unavailable(where + detail +
                         ": the rate limit is still exceeded after waiting; another client may "
                         "share the key; rerun later (the ingest resumes where it stopped)");
    default:
      break;
  }
  if (status >= 500) {
    return Unavailable(where + detail +
                       ": the OpenAQ API is failing; rerun later (the ingest resumes where it "
                       "stopped)");
  }
  return Internal(where + detail + ": an answer aqpipe does not expect from the v3 API");
}

}  // namespace aq::openaq
