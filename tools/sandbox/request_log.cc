// Keeps the requests seen for the state dump.
#include "tools/sandbox/request_log.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {

void RequestLog::Add(SeenRequest request) {
  absl::MutexLock lock(&mu_);
  seen_.push_back(std::move(request));
  if (seen_.size() > kMaxEntries) seen_.pop_front();
}

void RequestLog::Clear() {
  absl::MutexLock lock(&mu_);
  seen_.clear();
}

std::string RequestLog::DumpJson() const {
  absl::MutexLock lock(&mu_);
  nlohmann::json out = nlohmann::json::array();
  for (SeenRequest const& seen : seen_) {
    out.push_back({{"method", seen.method},
                   {"path", seen.path},
                   {"status", seen.status},
                   {"authorization_present", seen.authorization_present},
                   {"credential", seen.credential},
                   {"time", seen.time},
                   {"received_unix_ms", seen.received_unix_ms},
                   {"client_closed", seen.client_closed}});
  }
  return out.dump();
}

std::string RedactedTarget(std::string const& path,
                           std::multimap<std::string, std::string> const& params) {
  std::string out = path;
  char separator = '?';
  for (auto const& [name, value] : params) {
    std::string lower = absl::AsciiStrToLower(name);
    bool secret = false;
    for (char const* word : {"signature", "token", "key", "password", "secret"}) {
      if (absl::StrContains(lower, word)) secret = true;
    }
    absl::StrAppend(&out, std::string(1, separator), name, "=", secret ? "[redacted]" : value);
    separator = '&';
  }
  return out;
}

}  // namespace stablecut::sandbox
