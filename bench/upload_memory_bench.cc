// Streams a generated 1 GiB multipart upload through http::Client to a loopback server in a
// child process, and prints the uploader's peak resident memory (goal: under 64 MiB).
// Usage: stablecut_upload_memory_bench [size_mib]

#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/http/client.h"
#include "lib/http/multipart_source.h"

namespace {

// Bytes made up as they are read: the file never exists in memory or on disk.
class GeneratedFile : public stablecut::http::ByteSource {
 public:
  explicit GeneratedFile(std::int64_t size) : size_(size) {}
  absl::Status Rewind() override {
    offset_ = 0;
    return absl::OkStatus();
  }
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override {
    auto n = static_cast<std::size_t>(std::min<std::int64_t>(size, size_ - offset_));
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>((offset_ + i) * 31);
    offset_ += static_cast<std::int64_t>(n);
    return n;
  }
  std::optional<std::int64_t> size() const override { return size_; }

 private:
  std::int64_t size_;
  std::int64_t offset_ = 0;
};

long PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// The receiving server: counts the bytes and throws them away.
[[noreturn]] void ServeInChild(int port_pipe) {
  httplib::Server server;
  server.Post("/upload", [](httplib::Request const&, httplib::Response& res,
                            httplib::ContentReader const& reader) {
    std::int64_t received = 0;
    reader([](httplib::MultipartFormData const&) { return true; },
           [&](char const*, std::size_t length) {
             received += static_cast<std::int64_t>(length);
             return true;
           });
    res.set_content(absl::StrCat(received), "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  if (write(port_pipe, &port, sizeof port) != sizeof port) std::_Exit(1);
  server.listen_after_bind();
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t mib = argc > 1 ? std::atoll(argv[1]) : 1024;
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t child = fork();
  if (child == 0) ServeInChild(fds[1]);
  int port = 0;
  if (read(fds[0], &port, sizeof port) != sizeof port) return 1;

  stablecut::http::Client client;
  auto file = std::make_unique<GeneratedFile>(mib << 20);
  stablecut::http::MultipartSource body({{":action", "file_upload"}, {"name", "demo"}},
                                        "content", "demo-1.0-py3-none-any.whl",
                                        std::move(file));
  stablecut::http::Request request;
  request.method = "POST";
  request.url = absl::StrCat("http://127.0.0.1:", port, "/upload");
  request.headers.emplace_back("Content-Type", body.content_type());
  request.body_source = &body;
  request.attempt_timeout = absl::ZeroDuration();
  request.service = "bench";

  long rss_before = PeakRssKib();
  absl::Time start = absl::Now();
  auto response = client.Send(request);
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  if (!response.ok() || response->status != 200) {
    std::cerr << "upload failed: "
              << (response.ok() ? absl::StrCat(response->status) : response.status().ToString())
              << "\n";
    return 1;
  }
  long peak = PeakRssKib();
  std::printf("upload_memory: sent %lld MiB (server received %s bytes) in %.2f s (%.0f MiB/s)\n",
              static_cast<long long>(mib), response->body.c_str(), seconds, mib / seconds);
  std::printf("upload_memory: uploader peak RSS %.1f MiB (before the upload %.1f MiB); goal < 64 MiB: %s\n",
              peak / 1024.0, rss_before / 1024.0, peak < 64 * 1024 ? "met" : "NOT MET");
  return 0;
}
