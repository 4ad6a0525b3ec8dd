#pragma once
// One HTTP/1.1 connection to a loopback port over a plain socket, kept alive for as many
// requests as the caller sends: for tests and benchmarks that must know a request went
// over a reused connection (httplib's and curl's clients decide that for themselves).
// Answers must carry Content-Length (the sandbox's do); chunked answers are an error.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace stablecut::testing {

struct LoopbackReply {
  int status = 0;
  std::string head;         // status line and headers, as received
  std::string body;         // empty when the body was discarded
  std::int64_t body_size = 0;
  bool server_closes = false;  // "Connection: close"
  // The value of header `name` (case-insensitive), "" when absent.
  std::string Header(absl::string_view name) const;
};

class LoopbackConnection {
 public:
  // Connects to 127.0.0.1:`port` (TCP_NODELAY on, as curl sets it).
  static absl::StatusOr<LoopbackConnection> Connect(int port);
  ~LoopbackConnection();
  LoopbackConnection(LoopbackConnection&& other) noexcept;
  LoopbackConnection& operator=(LoopbackConnection&&) = delete;

  // Writes all of `bytes`.
  absl::Status Write(absl::string_view bytes);
  // Reads one answer; its body is kept only when `keep_body`.
  absl::StatusOr<LoopbackReply> Read(bool keep_body = true);
  // A GET of `target` with `headers` (each "Name: value\r\n"), then its answer.
  absl::StatusOr<LoopbackReply> Get(absl::string_view target, absl::string_view headers = "",
                                    bool keep_body = true);

 private:
  explicit LoopbackConnection(int fd) : fd_(fd) {}
  int fd_ = -1;
  std::string buffer_;  // bytes received and not yet consumed
};

}  // namespace stablecut::testing
