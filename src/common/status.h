// Status and Result<T>: the one error style of aqpipe.
//
// Library code never prints or exits; it returns a Status (or a Result<T> that
// holds either a value or a Status) and main() turns it into a message and an
// exit code. A message says what failed and what to do about it.
//
// Thread safety: values, freely copyable and movable.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace aq {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the user asked for something malformed (flag, URI, key)
  kNotFound,            // a file, object, bucket, secret or table is missing
  kIoError,             // reading or writing bytes failed
  kCorruptInput,        // input bytes are not what their format promises
  kPermissionDenied,    // the identity in use may not do this
  kUnauthenticated,     // no credentials, wrong password, expired token
  kUnavailable,         // a service is unreachable or failing; may succeed on retry
  kFailedPrecondition,  // the target is in a state that forbids this (schema clash)
  kDataError,           // too many bad records, or data that cannot be loaded safely
  kInternal,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // Prefixes the message with context ("reading s3://b/k: ...").
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status CorruptInput(std::string m) { return {StatusCode::kCorruptInput, std::move(m)}; }
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result needs a value or an error");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace aq

#define AQ_CONCAT_INNER(a, b) a##b
#define AQ_CONCAT(a, b) AQ_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` failed.
#define AQ_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::aq::Status aq_status_ = (expr);        \
    if (!aq_status_.ok()) return aq_status_; \
  } while (false)

// `AQ_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result or returns its error.
#define AQ_ASSIGN_OR_RETURN(lhs, expr) \
  AQ_ASSIGN_OR_RETURN_IMPL(AQ_CONCAT(aq_result_, __LINE__), lhs, expr)
// `lhs` is a declaration (`auto x`), which cannot be parenthesized; `tmp` is the name this macro
// declares, so parentheses around it would add nothing.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define AQ_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
