// Reads a request body from its socket after draining what httplib buffered.
#include "tools/sandbox/connection/request_body.h"

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tools/sandbox/connection/connection_watch.h"

namespace stablecut::sandbox {
namespace {

constexpr std::size_t kPieceBytes = 1 << 20;
constexpr int kReadTimeoutMs = 5000;  // httplib's CPPHTTPLIB_READ_TIMEOUT_SECOND

// The body's length when the bytes on the wire are exactly the body's bytes.
std::optional<std::uint64_t> PlainContentLength(httplib::Request const& request) {
  if (request.has_header("Transfer-Encoding") || request.has_header("Content-Encoding") ||
      !request.has_header("Content-Length")) {
    return std::nullopt;
  }
  std::string const text = request.get_header_value("Content-Length");
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(text);
}

// Feeds `sink` until it refuses, then discards: the body is read whole either way.
class SinkOrDiscard {
 public:
  explicit SinkOrDiscard(BodySink const& sink) : sink_(sink) {}
  void operator()(char const* data, std::size_t size) {
    if (taking_) taking_ = sink_(data, size);
  }

 private:
  BodySink const& sink_;
  bool taking_ = true;
};

// httplib's content reader parses a multipart/form-data body itself whenever the request's
// Content-Type says it is one, whichever receiver it is handed (and calls the missing
// multipart one). For the raw bytes it is shown the request without that type while it
// reads. The request is httplib's own non-const object (handlers see it as const&), so
// changing it for the call and restoring it after is well defined.
class ContentTypeHidden {
 public:
  explicit ContentTypeHidden(httplib::Request const& request)
      : headers_(const_cast<httplib::Request&>(request).headers) {
    auto type = headers_.find("Content-Type");
    if (type == headers_.end()) return;
    saved_ = std::move(type->second);
    type->second = "application/octet-stream";
    hidden_ = true;
  }
  ~ContentTypeHidden() {
    if (!hidden_) return;
    auto type = headers_.find("Content-Type");
    if (type != headers_.end()) type->second = std::move(saved_);
  }
  ContentTypeHidden(ContentTypeHidden const&) = delete;
  ContentTypeHidden& operator=(ContentTypeHidden const&) = delete;

 private:
  httplib::Headers& headers_;
  std::string saved_;
  bool hidden_ = false;
};

bool ReadRaw(httplib::Request const& request, httplib::ContentReader const& reader,
             httplib::ContentReceiver receiver) {
  ContentTypeHidden hidden(request);
  return reader(std::move(receiver));
}

}  // namespace

bool ReadRequestBody(httplib::Request const& request, httplib::ContentReader const& reader,
                     BodySink const& sink) {
  SinkOrDiscard out(sink);
  auto through_httplib = [&] {
    return ReadRaw(request, reader, [&](char const* data, std::size_t size) {
      out(data, size);
      return true;
    });
  };
  std::optional<std::uint64_t> length = PlainContentLength(request);
  if (!length || *length == 0) return through_httplib();
  int socket = FindConnectionSocket(request.remote_addr, request.remote_port, request.local_port);
  if (socket < 0) return through_httplib();

  // httplib reads ahead at most 4 KiB (its stream buffer) and its content reader's first
  // piece returns all of that buffer (it asks for up to 4 KiB, and the headers took some of
  // it): once that piece is taken, every further byte of the body is still in the socket.
  // Refusing further pieces stops httplib's reader there.
  std::uint64_t received = 0;
  bool first_piece = false;
  ReadRaw(request, reader, [&](char const* data, std::size_t size) {
    first_piece = true;
    received = size;
    out(data, size);
    return false;
  });
  if (!first_piece) return false;  // httplib could not read even that (client gone)

  auto buffer = std::make_unique<char[]>(kPieceBytes);
  while (received < *length) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kPieceBytes, *length - received));
    // Read what is there without waiting; wait (up to the timeout) only when nothing is.
    ssize_t got = recv(socket, buffer.get(), want, MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      pollfd readable{socket, POLLIN, 0};
      int ready = poll(&readable, 1, kReadTimeoutMs);
      if (ready > 0 || (ready < 0 && errno == EINTR)) continue;
    }
    if (got <= 0) {
      shutdown(socket, SHUT_RDWR);
      return false;
    }
    received += static_cast<std::uint64_t>(got);
    out(buffer.get(), static_cast<std::size_t>(got));
  }
  return true;
}

}  // namespace stablecut::sandbox
