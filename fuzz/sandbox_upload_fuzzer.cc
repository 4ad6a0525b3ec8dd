// Fuzzes the sandbox PyPI's reading of an upload (POST /legacy/, what twine sends):
// cpp-httplib's request parsing, our multipart parser (through ReadUploadBody), SanitizeForm,
// ValidateUploadForm and packaging's wheel filename rules, from the request's bytes.
//
// The request goes through the one httplib entry point that reads bytes without a socket,
// Server::process_request over an in-memory Stream (with no socket, ReadRequestBody takes
// the body through httplib's reader). The first input
// byte picks the body's Content-Type (odd: multipart/form-data with boundary
// kBoundary; even: application/x-www-form-urlencoded); the rest is the body, sent with
// its Content-Length. Note: libcpp-httplib.so itself is not instrumented, so coverage
// guides through our code only.

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "tools/sandbox/pypi/upload_body.h"
#include "tools/sandbox/pypi/upload_form.h"
#include "tools/sandbox/pypi/wheel_name_rules.h"

namespace {

namespace pypi = stablecut::sandbox::pypi;

constexpr char kBoundary[] = "fuzzboundary";
// Small, so that the too-large path is reachable by fuzzing.
constexpr std::uint64_t kMaxFileSize = 4096;

// A request read from memory; what the server writes back is dropped.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(absl::string_view input) : input_(input) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, input_.size());
    std::memcpy(ptr, input_.data(), n);
    input_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(char const*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 18457;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  absl::string_view input_;
};

// Exposes the protected entry point that serves one request from a Stream.
class UploadServer : public httplib::Server {
 public:
  UploadServer()
      : spool_path_((std::filesystem::temp_directory_path() /
                     absl::StrCat("stablecut_sandbox_upload_fuzzer.", getpid(), ".spool"))
                        .string()) {
    Post("/pypi/legacy/", [this](httplib::Request const& request, httplib::Response& response,
                                 httplib::ContentReader const& reader) {
      HandleUpload(request, reader);
      response.status = 200;
    });
  }
  ~UploadServer() override {
    std::error_code ignored;
    std::filesystem::remove(spool_path_, ignored);
  }

  void Serve(absl::string_view request) {
    MemoryStream stream(request);
    bool connection_closed = false;
    process_request(stream, /*close_connection=*/true, connection_closed,
                    [](httplib::Request&) {});
    std::error_code ignored;
    std::filesystem::remove(spool_path_, ignored);  // as the sandbox's handler does
  }

 private:
  void HandleUpload(httplib::Request const& request, httplib::ContentReader const& reader) {
    auto form = pypi::ReadUploadBody(request, reader, spool_path_, kMaxFileSize);
    if (!form.ok()) return;
    if (form->content) {
      std::error_code error;
      auto spooled = std::filesystem::file_size(spool_path_, error);
      FUZZ_CHECK(!error);
      FUZZ_CHECK(spooled == std::min(form->content->size, kMaxFileSize));
      FUZZ_CHECK(form->content->too_large == (form->content->size > kMaxFileSize));
      FUZZ_CHECK(form->content->digests.sha256.size() == 64);
    }
    (void)form->Get(":action");
    (void)form->GetAll("classifiers");
    pypi::SanitizeForm(*form);
    pypi::Pep440Version version;
    if (pypi::ValidateUploadForm(*form, version)) return;
    FUZZ_CHECK(form->content.has_value());
    auto wheel = pypi::ParseWheelNameAsPackaging(form->content->filename);
    if (wheel.ok()) {
      for (auto const& tag : wheel->platform_tags) (void)pypi::IsAllowedPlatformTag(tag);
    }
  }

  std::string spool_path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  static UploadServer server;
  if (size == 0) return 0;
  absl::string_view body(reinterpret_cast<char const*>(data) + 1, size - 1);
  std::string content_type = (data[0] & 1) != 0
                                 ? absl::StrCat("multipart/form-data; boundary=", kBoundary)
                                 : std::string("application/x-www-form-urlencoded");
  server.Serve(absl::StrCat("POST /pypi/legacy/ HTTP/1.1\r\nHost: 127.0.0.1:18457\r\n",
                            "Content-Type: ", content_type, "\r\n",
                            "Content-Length: ", body.size(), "\r\n\r\n", body));
  return 0;
}
