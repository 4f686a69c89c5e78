// Internal to HttpClient: one HTTP exchange on a pooled libcurl handle pair,
// driven step by step through the multi interface so that a response body can
// be pulled by the reader instead of pushed by libcurl.
//
// Each pooled entry is an easy handle plus its own multi handle. The multi
// handle owns the connection cache, so keeping the pair together across
// requests is what gives connection reuse (libcurl's shared connection cache
// is documented as unsafe across threads, so it is not used).
//
// Memory: at most about max_buffer bytes of body are held; when the reader
// falls behind, the transfer is paused (libcurl excludes paused transfers from
// its low-speed check, so a slow reader is not mistaken for a stalled server).
//
// Thread safety: HandlePool is thread-safe. A Transfer is used by one thread
// at a time. Ownership: a Transfer borrows its handles and returns them to the
// pool when destroyed; the pool must outlive its transfers.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "clients/http/http_types.h"
#include "common/status.h"

namespace aq::http::internal {

struct CurlHandles {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  ~CurlHandles();
};

class HandlePool {
 public:
  HandlePool();
  ~HandlePool();
  HandlePool(const HandlePool&) = delete;
  HandlePool& operator=(const HandlePool&) = delete;

  Result<std::unique_ptr<CurlHandles>> Acquire();
  void Release(std::unique_ptr<CurlHandles> handles);

 private:
  static constexpr size_t kMaxIdle = 32;
  std::mutex mu_;
  std::vector<std::unique_ptr<CurlHandles>> idle_;
};

struct TransferOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::seconds read_timeout{30};
  size_t max_buffer = 1 << 20;
  std::string user_agent;
};

class Transfer {
 public:
  Transfer(HandlePool* pool, TransferOptions options);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Configures the handles for `request` (which must outlive the transfer) and starts it.
  Status Start(const HttpRequest& request);
  // Drives the transfer until the final response's headers are in.
  Status WaitForHeaders();
  // Body bytes into `buffer`; 0 at the end of the body.
  Result<size_t> Read(char* buffer, size_t capacity);

  long status() const { return status_; }
  const Headers& headers() const { return headers_; }
  // False only when the failure proves the request never left this machine
  // (no connection could be made), which makes any request safe to resend.
  bool MayHaveReachedServer() const { return may_have_reached_server_; }
  const std::string& description() const { return description_; }

 private:
  static size_t OnHeader(char* data, size_t size, size_t count, void* self);
  static size_t OnWrite(char* data, size_t size, size_t count, void* self);
  static size_t OnRead(char* data, size_t size, size_t count, void* self);
  static int OnSeek(void* self, curl_off_t offset, int origin);

  // One round of libcurl work, waiting up to a short while for the socket.
  Status Pump();
  Status FailureStatus() const;

  HandlePool* pool_;
  TransferOptions options_;
  std::unique_ptr<CurlHandles> handles_;
  bool added_ = false;
  curl_slist* header_list_ = nullptr;
  std::string description_;  // "GET http://host/path" for messages
  std::string_view body_;
  size_t body_offset_ = 0;

  long status_ = 0;
  Headers headers_;
  bool headers_done_ = false;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool paused_ = false;
  bool done_ = false;
  CURLcode result_ = CURLE_OK;
  bool may_have_reached_server_ = true;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace aq::http::internal
