// HttpClient: libcurl-based HTTP/1.1 client with connect and read timeouts,
// connection reuse, and bounded retries (exponential backoff, full jitter) for
// 429/500/502/503/504, connection resets and timeouts.
//
// A retry never duplicates an effect: requests are resent only when their
// RetrySafety allows it (see http_types.h), and a body streamed to a caller is
// never restarted once a byte of it was handed over (the caller resumes, e.g.
// with a ranged GET from the byte it has).
//
// Three ways to receive a body: buffered (Send), pushed to a callback as it
// arrives (Send with a BodyCallback), or pulled (Open, then HttpStream::Read).
// Non-2xx bodies are always buffered into HttpResponse::body / ReadAll, since
// they are small error documents the caller parses.
//
// Thread safety: one HttpClient may be used from many threads at once; each
// call borrows a pooled libcurl handle. An HttpStream is used by one thread.
// Ownership: an HttpStream must not outlive the HttpClient that opened it, nor
// the request it was opened with.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "clients/http/http_types.h"
#include "clients/http/retry_policy.h"
#include "common/status.h"

namespace aq::http {

namespace internal {
class HandlePool;
class Transfer;
}  // namespace internal

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::seconds read_timeout{30};  // an attempt fails after this long without a byte
  size_t stream_buffer_bytes = 1 << 20;   // body bytes held per pulled stream at most
  RetryOptions retry;
  std::string user_agent = "aqpipe";
};

// A response whose body is read on demand.
class HttpStream {
 public:
  explicit HttpStream(std::unique_ptr<internal::Transfer> transfer, int attempts);
  ~HttpStream();

  long status() const;
  const Headers& headers() const;
  int attempts() const { return attempts_; }
  // Body bytes; 0 at the end. A dropped connection is an Unavailable error.
  Result<size_t> Read(char* buffer, size_t capacity);
  // The rest of the body, failing past `limit` bytes.
  Result<std::string> ReadAll(size_t limit = 64 << 20);

 private:
  std::unique_ptr<internal::Transfer> transfer_;
  int attempts_;
};

class HttpClient {
 public:
  // Called with each chunk of a 2xx body; a non-OK Status aborts the transfer.
  using BodyCallback = std::function<Status(std::string_view chunk)>;

  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and returns the response with its whole body. An HTTP
  // error status is a response, not an error; an error means no usable
  // response arrived within the retry budget.
  Result<HttpResponse> Send(const HttpRequest& request);
  // As Send, but a 2xx body goes to `on_body` as it arrives.
  Result<HttpResponse> Send(const HttpRequest& request, const BodyCallback& on_body);
  // Returns as soon as the headers of the final response are in.
  Result<std::unique_ptr<HttpStream>> Open(const HttpRequest& request);

  const HttpClientOptions& options() const { return options_; }

 private:
  std::unique_ptr<internal::Transfer> NewTransfer() const;

  HttpClientOptions options_;
  std::unique_ptr<internal::HandlePool> pool_;
};

// Whether a failed or refused attempt of `request` may be resent. `reached`
// says whether the request may have reached the server; `status` is the
// response status, 0 when there was none.
bool MayResend(const HttpRequest& request, bool reached, long status);

}  // namespace aq::http
