#include "clients/http/http_client.h"

#include <thread>

#include "clients/http/curl_transfer.h"

namespace aq::http {
namespace {

bool IsSuccess(long status) { return status >= 200 && status < 300; }

// Bytes of an error body kept before it is dropped to retry.
constexpr size_t kDrainLimit = 256 * 1024;

Status WithAttempts(const Status& status, int attempts) {
  if (attempts <= 1) return status;
  return Status(status.code(),
                status.message() + " (gave up after " + std::to_string(attempts) + " attempts)");
}

}  // namespace

bool MayResend(const HttpRequest& request, bool reached, long status) {
  if (!reached) return true;  // nothing was sent: resending cannot duplicate anything
  bool safe =
      request.retry_safety == RetrySafety::kSafe ||
      (request.retry_safety == RetrySafety::kByMethod && IsIdempotentMethod(request.method));
  if (status != 0) return IsRetryableStatus(status) && (safe || IsRejectedBeforeWork(status));
  return safe;
}

HttpStream::HttpStream(std::unique_ptr<internal::Transfer> transfer, int attempts)
    : transfer_(std::move(transfer)), attempts_(attempts) {}
HttpStream::~HttpStream() = default;

long HttpStream::status() const { return transfer_->status(); }
const Headers& HttpStream::headers() const { return transfer_->headers(); }

Result<size_t> HttpStream::Read(char* buffer, size_t capacity) {
  return transfer_->Read(buffer, capacity);
}

Result<std::string> HttpStream::ReadAll(size_t limit) {
  std::string out;
  char chunk[64 * 1024];
  for (;;) {
    AQ_ASSIGN_OR_RETURN(size_t n, transfer_->Read(chunk, sizeof chunk));
    if (n == 0) return out;
    if (out.size() + n > limit) {
      return DataError(transfer_->description() + ": response body larger than " +
                       std::to_string(limit) + " bytes");
    }
    out.append(chunk, n);
  }
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), pool_(std::make_unique<internal::HandlePool>()) {}
HttpClient::~HttpClient() = default;

std::unique_ptr<internal::Transfer> HttpClient::NewTransfer() const {
  internal::TransferOptions topts;
  topts.connect_timeout = options_.connect_timeout;
  topts.read_timeout = options_.read_timeout;
  topts.max_buffer = options_.stream_buffer_bytes;
  topts.user_agent = options_.user_agent;
  return std::make_unique<internal::Transfer>(pool_.get(), topts);
}

namespace {

// One attempt brought as far as the final response's headers.
struct Attempt {
  std::unique_ptr<internal::Transfer> transfer;  // null when the attempt failed
  Status failure;
  bool reached = true;  // whether the request may have reached the server
};

Attempt StartAttempt(std::unique_ptr<internal::Transfer> transfer, const HttpRequest& request) {
  Attempt attempt;
  attempt.failure = transfer->Start(request);
  if (attempt.failure.ok()) attempt.failure = transfer->WaitForHeaders();
  attempt.reached = transfer->MayHaveReachedServer();
  if (attempt.failure.ok()) attempt.transfer = std::move(transfer);
  return attempt;
}

// Whether a failed start deserves another attempt.
bool RetryFailure(const HttpRequest& request, const Attempt& attempt) {
  return attempt.failure.code() == StatusCode::kUnavailable &&
         MayResend(request, attempt.reached, 0);
}

// Reads a little of an error body so that the connection can often be reused.
void Drain(internal::Transfer& transfer) {
  char sink[16 * 1024];
  size_t drained = 0;
  for (;;) {
    auto n = transfer.Read(sink, sizeof sink);
    if (!n.ok() || *n == 0 || (drained += *n) > kDrainLimit) return;
  }
}

}  // namespace

Result<std::unique_ptr<HttpStream>> HttpClient::Open(const HttpRequest& request) {
  RetryBudget budget(options_.retry);
  std::chrono::milliseconds wait{0};
  (void)budget.NextAttempt(&wait);
  for (;; std::this_thread::sleep_for(wait)) {
    Attempt attempt = StartAttempt(NewTransfer(), request);
    if (!attempt.failure.ok()) {
      if (RetryFailure(request, attempt) && budget.NextAttempt(&wait)) continue;
      return WithAttempts(attempt.failure, budget.attempts());
    }
    long status = attempt.transfer->status();
    if (IsRetryableStatus(status) && MayResend(request, true, status) &&
        budget.NextAttempt(&wait)) {
      Drain(*attempt.transfer);
      continue;
    }
    return std::make_unique<HttpStream>(std::move(attempt.transfer), budget.attempts());
  }
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  // The body is buffered, so a body cut mid-way has reached nobody yet and the
  // whole request may be retried.
  return Send(request, nullptr);
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request, const BodyCallback& on_body) {
  RetryBudget budget(options_.retry);
  std::chrono::milliseconds wait{0};
  (void)budget.NextAttempt(&wait);
  for (;; std::this_thread::sleep_for(wait)) {
    Attempt attempt = StartAttempt(NewTransfer(), request);
    if (!attempt.failure.ok()) {
      if (RetryFailure(request, attempt) && budget.NextAttempt(&wait)) continue;
      return WithAttempts(attempt.failure, budget.attempts());
    }
    internal::Transfer& transfer = *attempt.transfer;
    HttpResponse response;
    response.attempts = budget.attempts();
    response.status = transfer.status();
    response.headers = transfer.headers();
    bool to_callback = on_body != nullptr && IsSuccess(response.status);
    bool delivered = false;
    Status body_failure;
    char chunk[64 * 1024];
    for (;;) {
      auto n = transfer.Read(chunk, sizeof chunk);
      if (!n.ok()) {
        body_failure = n.status();
        break;
      }
      if (*n == 0) break;
      if (to_callback) {
        delivered = true;
        AQ_RETURN_IF_ERROR(on_body(std::string_view(chunk, *n)));
      } else {
        if (response.body.size() + *n > (64u << 20)) {
          return DataError(transfer.description() + ": response body larger than 64 MiB");
        }
        response.body.append(chunk, *n);
      }
    }
    if (!body_failure.ok()) {
      // Bytes already handed to the callback cannot be taken back: only a body
      // that failed before its first byte is retried.
      if (!delivered && body_failure.code() == StatusCode::kUnavailable &&
          MayResend(request, true, 0) && budget.NextAttempt(&wait)) {
        continue;
      }
      return WithAttempts(body_failure, budget.attempts());
    }
    if (IsRetryableStatus(response.status) && MayResend(request, true, response.status) &&
        budget.NextAttempt(&wait)) {
      continue;
    }
    return response;
  }
}

}  // namespace aq::http
