#include "clients/openaq/client.h"

#include <charconv>
#include <thread>

namespace aq::openaq {
namespace {

http::HttpClientOptions HttpOptions(const ClientOptions& options) {
  http::HttpClientOptions http;
  http.read_timeout = options.request_timeout;
  http.retry.max_attempts = 1;  // this client retries itself: it must pace every attempt
  http.user_agent = "aqpipe-ingest";
  return http;
}

std::optional<int64_t> IntHeader(const http::Headers& headers, std::string_view name) {
  std::optional<std::string> value = http::FindHeader(headers, name);
  if (!value) return std::nullopt;
  double n = 0;  // some servers send "12.0"
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  return static_cast<int64_t>(n + 0.999);
}

}  // namespace

std::string NormalizeBaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() >= 3 && url.compare(url.size() - 3, 3, "/v3") == 0) url.resize(url.size() - 3);
  return url;
}

OpenAqClient::OpenAqClient(ClientOptions options)
    : options_(std::move(options)),
      base_url_(NormalizeBaseUrl(options_.base_url)),
      http_(HttpOptions(options_)),
      limiter_(options_.rate_windows) {}

ClientStats OpenAqClient::stats() const {
  return {requests_.load(), retries_.load(), throttled_.load(),
          static_cast<double>(waited_ms_.load()) / 1000.0};
}

Status OpenAqClient::TooLongAWait(const std::string& what, std::chrono::seconds pause) const {
  return Unavailable("OpenAQ " + what + ": the API's rate limit asks to wait " +
                     std::to_string(pause.count()) + " s (more than " +
                     std::to_string(options_.max_server_wait.count()) +
                     " s); another client may share the key; rerun later, the ingest resumes "
                     "where it stopped");
}

void OpenAqClient::Wait(std::chrono::milliseconds d) {
  if (d <= std::chrono::milliseconds(0)) return;
  std::this_thread::sleep_for(d);
  waited_ms_ += d.count();
}

std::chrono::seconds OpenAqClient::ServerPause(const http::Headers& headers, bool throttled) const {
  std::optional<int64_t> remaining = IntHeader(headers, "x-ratelimit-remaining");
  std::optional<int64_t> reset = IntHeader(headers, "x-ratelimit-reset");
  if (!throttled && (!remaining || *remaining > 0)) return std::chrono::seconds(0);
  // x-ratelimit-reset is the number of seconds until the window starts again.
  if (reset) return std::chrono::seconds(std::max<int64_t>(*reset, 1));
  return std::chrono::seconds(0);
}

Result<Page> OpenAqClient::Get(const std::string& path, const http::QueryParams& query) {
  const std::string what = path + (query.empty() ? "" : "?" + http::BuildQuery(query));
  http::HttpRequest request;
  request.url = base_url_ + what;
  request.headers = {{"Accept", "application/json"}};
  if (!options_.api_key.empty())
    request.headers.emplace_back("X-API-Key", options_.api_key.reveal());
  http::RetryOptions retry;
  retry.max_attempts = options_.max_attempts;
  retry.base_delay = options_.base_delay;
  retry.max_total_time = std::chrono::milliseconds(std::chrono::hours(1));
  {
    std::lock_guard lock(mu_);
    if (Clock::now() < blocked_until_) {
      return TooLongAWait(
          what, std::chrono::duration_cast<std::chrono::seconds>(blocked_until_ - Clock::now()));
    }
  }
  http::RetryBudget budget(retry);
  std::chrono::milliseconds backoff{0};
  Status last;
  while (budget.NextAttempt(&backoff)) {
    if (budget.attempts() > 1) {
      ++retries_;
      Wait(backoff);
    }
    auto held = limiter_.Acquire();
    waited_ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(held).count();
    ++requests_;
    Result<http::HttpResponse> response = http_.Send(request);
    if (!response.ok()) {
      last = response.status().WithContext("OpenAQ " + what);
      if (last.code() == StatusCode::kUnavailable) continue;  // timeout, reset, refused
      return last;
    }
    const bool throttled = response->status == 429;
    if (throttled) ++throttled_;
    std::chrono::seconds pause = ServerPause(response->headers, throttled);
    if (pause > options_.max_server_wait) {
      // Not slept through: a scheduler's retry later costs no worker meanwhile. An answer that
      // came with the data is still used; the next request fails fast.
      std::lock_guard lock(mu_);
      blocked_until_ = Clock::now() + pause;
      if (throttled) return TooLongAWait(what, pause);
    } else if (pause.count() > 0) {
      limiter_.PauseFor(pause);
    }
    if (response->status >= 200 && response->status < 300) {
      Result<Page> page = ParsePage(response->body);
      if (page.ok()) return page;
      last = page.status().WithContext("OpenAQ " + what);
      continue;  // a cut body: the same GET again
    }
    last = ErrorForStatus(response->status, response->body, what);
    if (!throttled && response->status < 500) return last;
  }
  return Status(last.code(), last.message() + " (gave up after " +
                                 std::to_string(budget.attempts()) + " attempts)");
}

Status OpenAqClient::ForEachPage(const std::string& path, http::QueryParams query, size_t limit,
                                 const PageCallback& on_page) {
  query.emplace_back("limit", std::to_string(limit));
  query.emplace_back("page", "1");
  for (size_t page_number = 1;; ++page_number) {
    query.back().second = std::to_string(page_number);
    AQ_ASSIGN_OR_RETURN(Page page, Get(path, query));
    AQ_RETURN_IF_ERROR(on_page(page));
    // `found` may be a lower bound (">1000") or missing, so a full page always asks for the next;
    // an exact `found` saves the last, empty request.
    if (page.results.size() < limit) return Status::Ok();
    if (page.found && !page.found_is_lower_bound && page_number * limit >= *page.found) {
      return Status::Ok();
    }
  }
}

}  // namespace aq::openaq
