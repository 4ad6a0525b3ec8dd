#pragma once
// Faults injected by tests: the next N requests matching a method and a path pattern get a
// canned status, a delay, or a connection dropped after some bytes of the answer or of the
// request's body.

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace stablecut::sandbox {

struct Fault {
  std::string method = "*";                 // GET, POST, ... or * for any
  std::string path_regex;                   // searched for in the path (query excluded)
  int status = 0;                           // 0: let the request through (only delay or drop)
  int64_t retry_after_seconds = -1;         // -1: no Retry-After header
  int64_t ratelimit_reset_in_seconds = -1;  // -1: normal rate-limit headers
  int64_t drop_after_bytes = -1;            // -1: send the whole response
  // -1: read the whole request. Else read about this many bytes of its body (what has come
  // within a second), then close the connection without an answer or handling the request:
  // a connection lost while the client was still sending.
  int64_t drop_request_after_bytes = -1;
  int64_t latency_ms = 0;
  int64_t count = 1;  // how many matching requests it applies to
  std::string body;   // for a status; default: a GitHub-style error message
};

// Parses the JSON body of POST /_control/faults. INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<Fault> ParseFault(absl::string_view json_text);

class FaultList {
 public:
  // INVALID_ARGUMENT when path_regex does not compile.
  absl::Status Add(Fault fault);
  void Clear();
  // The first live fault matching the request, consuming one of its uses.
  std::optional<Fault> Take(absl::string_view method, std::string const& path);
  // Faults still armed, as JSON text for the state dump.
  std::string DumpJson() const;

 private:
  struct Armed {
    Fault fault;
    std::regex pattern;
    int64_t remaining = 0;
  };
  mutable absl::Mutex mu_;
  std::vector<Armed> armed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::sandbox
