// A plain-socket HTTP/1.1 client for one kept-alive loopback connection.
#include "tests/testing/loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stablecut::testing {
namespace {

constexpr std::size_t kChunk = 256 * 1024;

absl::Status Errno(absl::string_view what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

}  // namespace

std::string LoopbackReply::Header(absl::string_view name) const {
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    auto colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(line.substr(0, colon)), name)) {
      return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
  }
  return "";
}

absl::StatusOr<LoopbackConnection> LoopbackConnection::Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Errno("socket");
  LoopbackConnection connection(fd);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return Errno(absl::StrCat("connect to 127.0.0.1:", port));
  }
  return connection;
}

LoopbackConnection::~LoopbackConnection() {
  if (fd_ >= 0) close(fd_);
}

LoopbackConnection::LoopbackConnection(LoopbackConnection&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

absl::Status LoopbackConnection::Write(absl::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return Errno("send");
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return absl::OkStatus();
}

absl::StatusOr<LoopbackReply> LoopbackConnection::Read(bool keep_body) {
  char chunk[kChunk];
  auto fill = [&]() -> absl::Status {
    ssize_t got = recv(fd_, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) return absl::OkStatus();
    if (got < 0) return Errno("recv");
    if (got == 0) return absl::UnavailableError("the server closed the connection");
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return absl::OkStatus();
  };
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (auto status = fill(); !status.ok()) return status;
  }
  LoopbackReply reply;
  reply.head = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);
  std::vector<absl::string_view> status_line = absl::StrSplit(reply.head, ' ');
  if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &reply.status)) {
    return absl::DataLossError(absl::StrCat("not an HTTP answer: ", reply.head.substr(0, 80)));
  }
  if (!reply.Header("Transfer-Encoding").empty()) {
    return absl::UnimplementedError("chunked answers are not read by LoopbackConnection");
  }
  reply.server_closes = absl::EqualsIgnoreCase(reply.Header("Connection"), "close");
  std::string length = reply.Header("Content-Length");
  if (!length.empty() && !absl::SimpleAtoi(length, &reply.body_size)) {
    return absl::DataLossError(absl::StrCat("bad Content-Length: ", length));
  }
  std::int64_t left = reply.body_size;
  if (keep_body) reply.body.reserve(static_cast<std::size_t>(left));
  for (;;) {
    auto take = static_cast<std::size_t>(std::min<std::int64_t>(left, buffer_.size()));
    if (keep_body) reply.body.append(buffer_, 0, take);
    buffer_.erase(0, take);
    left -= static_cast<std::int64_t>(take);
    if (left == 0) break;
    if (!keep_body && buffer_.empty()) {
      // Large bodies skip the buffer: read straight into the chunk and drop it.
      ssize_t got = recv(fd_, chunk, static_cast<std::size_t>(std::min<std::int64_t>(left, kChunk)), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return absl::UnavailableError("the body was cut short");
      left -= got;
      if (left == 0) break;
      continue;
    }
    if (auto status = fill(); !status.ok()) return status;
  }
  return reply;
}

absl::StatusOr<LoopbackReply> LoopbackConnection::Get(absl::string_view target,
                                                      absl::string_view headers,
                                                      bool keep_body) {
  auto written = Write(absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                    "User-Agent: stablecut-loopback\r\n", headers, "\r\n"));
  if (!written.ok()) return written;
  return Read(keep_body);
}

}  // namespace stablecut::testing
