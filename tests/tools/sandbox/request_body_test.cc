// ReadRequestBody against real clients on a real socket: every byte of a large body, in
// order, and the kept-alive connection still in step for the next request; a body with no
// Content-Length (chunked) through httplib's reader; a refusing sink still reads it whole.
#include "tools/sandbox/connection/request_body.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::sandbox {
namespace {

std::string Sha256(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

class RequestBodyTest : public ::testing::Test {
 protected:
  RequestBodyTest() {
    // Answers "<bytes read> <sha256> <whole>"; with ?refuse the sink refuses after 1 byte.
    auto& server = server_.server();
    server.Post("/body", [](httplib::Request const& request, httplib::Response& response,
                             httplib::ContentReader const& reader) {
      std::string body;
      bool refuse = request.has_param("refuse");
      bool whole = ReadRequestBody(request, reader, [&](char const* data, std::size_t size) {
        body.append(data, size);
        return !refuse;
      });
      response.set_content(absl::StrCat(body.size(), " ", Sha256(body), " ", whole ? 1 : 0),
                           "text/plain");
    });
    server.Get("/ping", [](httplib::Request const&, httplib::Response& response) {
      response.set_content("pong", "text/plain");
    });
    port_ = server_.Start();
    EXPECT_GT(port_, 0) << "could not bind 127.0.0.1";
  }

  std::string Url(absl::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", port_, path);
  }
  // curl's output for the given arguments: each transfer's "-w" line after its body.
  std::string Curl(std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/curl", "-s"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = stablecut::testing::RunCommand(argv, dir_.path() + "/curl.log");
    EXPECT_TRUE(run.ok()) << run.status();
    if (!run.ok()) return "";
    EXPECT_EQ(run->exit_code, 0) << run->output;
    return run->output;
  }

  stablecut::testing::TempDir dir_;
  stablecut::testing::LoopbackServer server_;
  int port_ = 0;
};

std::string Pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 4099) & 0xff);
  return bytes;
}

TEST_F(RequestBodyTest, ReadsALargeBodyWholeAndKeepsTheConnectionInStep) {
  std::string body = Pattern((9 << 20) + 4097);
  std::string file = dir_.WriteFile("body.bin", body);
  // Two uploads and a GET on one connection: %{num_connects} is 1 for the first only.
  std::string out = Curl({"-w", " %{num_connects}\n", "--data-binary", "@" + file, Url("/body"),
                          "--next", "-w", " %{num_connects}\n", "--data-binary", "@" + file,
                          Url("/body"), "--next", "-w", " %{num_connects}\n", Url("/ping")});
  std::string const expected = absl::StrCat(body.size(), " ", Sha256(body), " 1");
  EXPECT_EQ(out, absl::StrCat(expected, " 1\n", expected, " 0\npong 0\n"));
}

TEST_F(RequestBodyTest, AChunkedBodyGoesThroughHttplibsReader) {
  std::string body = Pattern(300000);
  std::string file = dir_.WriteFile("body.bin", body);
  std::string out = Curl({"-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                          Url("/body")});
  EXPECT_EQ(out, absl::StrCat(body.size(), " ", Sha256(body), " 1"));
}

TEST_F(RequestBodyTest, ASinkThatRefusesStillHasTheBodyReadWhole) {
  std::string body = Pattern(3 << 20);
  std::string file = dir_.WriteFile("body.bin", body);
  std::string out = Curl({"-w", " %{num_connects}\n", "--data-binary", "@" + file,
                          Url("/body?refuse=1"), "--next", "-w", " %{num_connects}\n",
                          Url("/ping")});
  // The sink saw its first piece only; the answer still came and the connection was reused.
  std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_THAT(lines[0], ::testing::EndsWith(" 1 1"));
  EXPECT_EQ(lines[1], "pong 0");
}

}  // namespace
}  // namespace stablecut::sandbox
