#pragma once
// A cpp-httplib server on 127.0.0.1, port 0, running on its own thread for one test:
// routes are added to server() before Start(); Start() returns once the accept loop runs,
// because httplib ignores stop() until then and a teardown right after start would hang.

#include <httplib.h>

#include <thread>

#include "absl/time/clock.h"

namespace stablecut::testing {

class LoopbackServer {
 public:
  LoopbackServer() = default;
  ~LoopbackServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Server& server() { return server_; }

  // Binds and starts serving; returns the port, 0 when 127.0.0.1 could not be bound.
  int Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return 0;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) absl::SleepFor(absl::Milliseconds(5));
    return port_;
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace stablecut::testing
