#include "common/redact.h"

#include <algorithm>
#include <mutex>
#include <set>

namespace aq::redact {
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

}  // namespace

void Register(std::string_view secret) {
  if (secret.size() < kMinRedactedLength) return;
  std::lock_guard lock(Mutex());
  Secrets().emplace(secret);
}

std::string Scrub(std::string_view text) {
  std::string out(text);
  std::lock_guard lock(Mutex());
  for (const auto& secret : Secrets()) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kMask);
      pos += kMask.size();
    }
  }
  return out;
}

void ClearForTesting() {
  std::lock_guard lock(Mutex());
  Secrets().clear();
}

}  // namespace aq::redact
