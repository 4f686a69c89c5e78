#include "clients/http/curl_transfer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

namespace aq::http::internal {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Failures after which the request cannot have been sent at all.
bool NeverConnected(CURLcode code) {
  return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
         code == CURLE_COULDNT_RESOLVE_PROXY;
}

// Network failures that another attempt may not meet.
bool IsTransient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

}  // namespace

CurlHandles::~CurlHandles() {
  if (multi != nullptr) curl_multi_cleanup(multi);
  if (easy != nullptr) curl_easy_cleanup(easy);
}

HandlePool::HandlePool() { GlobalInit(); }
HandlePool::~HandlePool() = default;

Result<std::unique_ptr<CurlHandles>> HandlePool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto handles = std::move(idle_.back());
      idle_.pop_back();
      return handles;
    }
  }
  auto handles = std::make_unique<CurlHandles>();
  handles->easy = curl_easy_init();
  handles->multi = curl_multi_init();
  if (handles->easy == nullptr || handles->multi == nullptr) {
    return Internal("libcurl could not create a handle (out of memory?)");
  }
  return handles;
}

void HandlePool::Release(std::unique_ptr<CurlHandles> handles) {
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(handles));
}

Transfer::Transfer(HandlePool* pool, TransferOptions options)
    : pool_(pool), options_(std::move(options)) {}

Transfer::~Transfer() {
  if (handles_ != nullptr) {
    // Removing an unfinished transfer closes its connection; a finished one
    // leaves the connection in the multi handle's cache for the next request.
    if (added_) curl_multi_remove_handle(handles_->multi, handles_->easy);
    curl_easy_reset(handles_->easy);
    pool_->Release(std::move(handles_));
  }
  curl_slist_free_all(header_list_);
}

Status Transfer::Start(const HttpRequest& request) {
  description_ = request.method + " " + request.url;
  AQ_ASSIGN_OR_RETURN(handles_, pool_->Acquire());
  CURL* easy = handles_->easy;
  body_ = request.body;

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // S3 redirects are handled by the caller
  // Object keys may contain "./" and "//": send the path exactly as signed.
  curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  // Read timeout: fail when fewer than 1 byte/s moves for read_timeout seconds.
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.read_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 256L * 1024);
  if (!options_.user_agent.empty())
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnWrite);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);

  if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "PUT" || request.method == "POST" || !request.body.empty()) {
    // The body is read from memory through a callback; the seek callback lets
    // libcurl rewind it when it resends on a fresh connection.
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Transfer::OnRead);
    curl_easy_setopt(easy, CURLOPT_READDATA, this);
    curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &Transfer::OnSeek);
    curl_easy_setopt(easy, CURLOPT_SEEKDATA, this);
    if (request.method != "PUT")
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  for (const auto& [name, value] : request.headers) {
    std::string line = name;
    line += value.empty() ? ";" : ": ";
    line += value;
    header_list_ = curl_slist_append(header_list_, line.c_str());
  }
  // No "Expect: 100-continue" round trip before upload bodies.
  header_list_ = curl_slist_append(header_list_, "Expect:");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list_);

  if (curl_multi_add_handle(handles_->multi, easy) != CURLM_OK) {
    return Internal("libcurl refused to start " + description_);
  }
  added_ = true;
  return Status::Ok();
}

size_t Transfer::OnHeader(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    // A new status line: an interim (1xx) response's headers are dropped.
    t->headers_.clear();
    size_t space = line.find(' ');
    t->status_ = space == std::string_view::npos
                     ? 0
                     : std::atol(std::string(line.substr(space + 1, 3)).c_str());
  } else if (line == "\r\n" || line == "\n") {
    if (t->status_ >= 200) t->headers_done_ = true;
  } else {
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = Trim(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      t->headers_.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
    }
  }
  return bytes;
}

size_t Transfer::OnWrite(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  size_t bytes = size * count;
  size_t unread = t->buffer_.size() - t->buffer_pos_;
  if (unread > 0 && unread + bytes > t->options_.max_buffer) {
    t->paused_ = true;
    return CURL_WRITEFUNC_PAUSE;  // libcurl keeps these bytes and offers them again on resume
  }
  if (unread == 0) {
    t->buffer_.clear();
    t->buffer_pos_ = 0;
  } else if (t->buffer_pos_ > t->buffer_.size() / 2) {
    t->buffer_.erase(0, t->buffer_pos_);
    t->buffer_pos_ = 0;
  }
  t->buffer_.append(data, bytes);
  return bytes;
}

size_t Transfer::OnRead(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  size_t n = std::min(size * count, t->body_.size() - t->body_offset_);
  std::memcpy(data, t->body_.data() + t->body_offset_, n);
  t->body_offset_ += n;
  return n;
}

int Transfer::OnSeek(void* self, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(self);
  if (origin != SEEK_SET || offset < 0 || static_cast<size_t>(offset) > t->body_.size()) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  t->body_offset_ = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

Status Transfer::Pump() {
  int running = 0;
  CURLMcode mc = curl_multi_perform(handles_->multi, &running);
  if (mc != CURLM_OK) return Internal(std::string("libcurl: ") + curl_multi_strerror(mc));
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(handles_->multi, &queued)) {
    if (msg->msg == CURLMSG_DONE) {
      done_ = true;
      result_ = msg->data.result;
    }
  }
  if (!done_ && !paused_ && running > 0) {
    mc = curl_multi_poll(handles_->multi, nullptr, 0, 200, nullptr);
    if (mc != CURLM_OK) return Internal(std::string("libcurl: ") + curl_multi_strerror(mc));
  }
  return Status::Ok();
}

Status Transfer::FailureStatus() const {
  std::string detail = error_[0] != '\0' ? error_ : curl_easy_strerror(result_);
  std::string message = description_ + ": " + detail;
  if (result_ == CURLE_OPERATION_TIMEDOUT) {
    message += " (no data for " + std::to_string(options_.read_timeout.count()) +
               " s, or no connection within " + std::to_string(options_.connect_timeout.count()) +
               " ms)";
  }
  if (IsTransient(result_)) return Unavailable(message);
  return IoError(message);
}

Status Transfer::WaitForHeaders() {
  while (!headers_done_ && !done_) AQ_RETURN_IF_ERROR(Pump());
  if (done_ && result_ != CURLE_OK) {
    may_have_reached_server_ = !NeverConnected(result_);
    return FailureStatus();
  }
  if (!headers_done_) {
    long code = 0;
    curl_easy_getinfo(handles_->easy, CURLINFO_RESPONSE_CODE, &code);
    status_ = code;
    headers_done_ = true;
  }
  return Status::Ok();
}

Result<size_t> Transfer::Read(char* buffer, size_t capacity) {
  if (capacity == 0) return size_t{0};
  for (;;) {
    size_t unread = buffer_.size() - buffer_pos_;
    if (unread > 0) {
      size_t n = std::min(unread, capacity);
      std::memcpy(buffer, buffer_.data() + buffer_pos_, n);
      buffer_pos_ += n;
      return n;
    }
    if (paused_) {
      paused_ = false;
      // May call OnWrite right away with the bytes held back at the pause.
      curl_easy_pause(handles_->easy, CURLPAUSE_CONT);
      continue;
    }
    if (done_) {
      if (result_ != CURLE_OK) return FailureStatus();
      return size_t{0};
    }
    AQ_RETURN_IF_ERROR(Pump());
  }
}

}  // namespace aq::http::internal
