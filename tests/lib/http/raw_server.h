#pragma once
// A bare TCP server on 127.0.0.1, port 0, for what cpp-httplib cannot act out: hanging up
// after reading a request without answering, and noticing when the client hangs up.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace stablecut::http {

class RawServer {
 public:
  // `handle` runs on its own thread for each connection and owns nothing: the server closes
  // the socket after it returns.
  explicit RawServer(std::function<void(int fd)> handle) : handle_(std::move(handle)) {}
  ~RawServer() {
    stopping_ = true;
    if (listener_ >= 0) ::shutdown(listener_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& thread : connections_) thread.join();
    if (listener_ >= 0) ::close(listener_);
  }

  // Binds to a port the kernel picks and starts accepting; returns the port.
  int Start() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    acceptor_ = std::thread([this] {
      while (!stopping_) {
        int fd = ::accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        connections_.emplace_back([this, fd] {
          handle_(fd);
          ::close(fd);
        });
      }
    });
    return ntohs(address.sin_port);
  }

  // Reads one request's head and Content-Length body; returns the bytes read, "" on EOF.
  static std::string ReadRequest(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t body_start = std::string::npos;
    std::size_t content_length = 0;
    for (;;) {
      if (body_start == std::string::npos) {
        auto end = data.find("\r\n\r\n");
        if (end != std::string::npos) {
          body_start = end + 4;
          for (absl::string_view line : absl::StrSplit(data.substr(0, end), "\r\n")) {
            if (absl::StartsWithIgnoreCase(line, "content-length:")) {
              (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &content_length);
            }
          }
        }
      }
      if (body_start != std::string::npos && data.size() >= body_start + content_length) {
        return data;
      }
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return "";
      data.append(buffer, static_cast<std::size_t>(n));
    }
  }

  // Whether the client hangs up (EOF or reset) within `timeout`.
  static bool WaitForHangUp(int fd, absl::Duration timeout) {
    absl::Time end = absl::Now() + timeout;
    char buffer[4096];
    while (absl::Now() < end) {
      pollfd entry{fd, POLLIN, 0};
      auto wait_ms = absl::ToInt64Milliseconds(end - absl::Now());
      int ready = ::poll(&entry, 1, static_cast<int>(std::max<int64_t>(wait_ms, 1)));
      if (ready <= 0) continue;
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return true;
    }
    return false;
  }

  static bool SendAll(int fd, absl::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

 private:
  std::function<void(int)> handle_;
  std::atomic<bool> stopping_{false};
  int listener_ = -1;
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // only the acceptor adds, joined after it
};

}  // namespace stablecut::http
