#pragma once
// Every request the sandbox answered, for the control API's state dump (no secrets).

#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace stablecut::sandbox {

struct SeenRequest {
  std::string method;
  std::string path;  // with the query, secret-looking values replaced by "[redacted]"
  int status = 0;
  bool authorization_present = false;  // never the value
  // Which sandbox credential it carried, by name (Tokens::CredentialName); "" when none.
  std::string credential;
  std::string time;  // the sandbox's now (shifted by POST /_control/clock) when answered
  // Real wall-clock time the request arrived, in ms since the Unix epoch (never shifted), so
  // that a test can order it against its own clock.
  int64_t received_unix_ms = 0;
  // The client closed the connection while the sandbox delayed its answer (a latency_ms
  // fault): it gave up waiting. The sandbox then stops delaying; the request is still handled.
  bool client_closed = false;
};

class RequestLog {
 public:
  void Add(SeenRequest request);
  std::string DumpJson() const;  // a JSON array, oldest first
  void Clear();

 private:
  static constexpr size_t kMaxEntries = 20000;
  mutable absl::Mutex mu_;
  std::deque<SeenRequest> seen_ ABSL_GUARDED_BY(mu_);
};

// The path and query for the log: values of parameters whose names suggest a secret
// (signature, token, key, password, secret) are replaced by "[redacted]".
std::string RedactedTarget(std::string const& path,
                           std::multimap<std::string, std::string> const& params);

}  // namespace stablecut::sandbox
