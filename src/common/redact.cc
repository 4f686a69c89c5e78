#include "common/redact.h"

#include <cctype>
#include <mutex>
#include <set>

namespace aq {

Secret::Secret(std::string value) : value_(std::move(value)) { redact::Register(value_); }

namespace redact {
namespace {

// Longest first, so that a secret containing another is masked whole.
struct LongestFirst {
  bool operator()(const std::string& a, const std::string& b) const {
    if (a.size() != b.size()) return a.size() > b.size();
    return a < b;
  }
};

std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}

std::set<std::string, LongestFirst>& Secrets() {
  static auto* secrets =
      new std::set<std::string, LongestFirst>();  // never destroyed: used at exit
  return *secrets;
}

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether the occurrence of `secret` at `pos` in `text` is to be masked (see the header).
bool Masks(const std::string& text, size_t pos, const std::string& secret) {
  if (secret.size() >= kWholeWordBelow) return true;
  size_t end = pos + secret.size();
  return (pos == 0 || !IsWordByte(text[pos - 1])) && (end == text.size() || !IsWordByte(text[end]));
}

}  // namespace

void Register(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard lock(Mutex());
  Secrets().emplace(secret);
}

std::string Scrub(std::string_view text) {
  std::string out(text);
  std::lock_guard lock(Mutex());
  for (const auto& secret : Secrets()) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      if (Masks(out, pos, secret)) {
        out.replace(pos, secret.size(), kMask);
        pos += kMask.size();
      } else {
        pos += 1;
      }
    }
  }
  return out;
}

void ClearForTesting() {
  std::lock_guard lock(Mutex());
  Secrets().clear();
}

}  // namespace redact
}  // namespace aq
