// Streaming bodies: files, multipart forms, digests on the way.

#include "lib/http/file_body.h"
#include "lib/http/multipart_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/http/client.h"
#include "tests/testing/loopback_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::LoopbackServer;
using ::stablecut::testing::TempDir;

constexpr char kAbcSha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kAbcMd5[] = "900150983cd24fb0d6963f7d28e17f72";

TEST(FileBody, DigestsAFile) {
  TempDir dir;
  auto digests = DigestFile(dir.WriteFile("abc", "abc"));
  ASSERT_THAT(digests, IsOk());
  EXPECT_EQ(digests->sha256, kAbcSha256);
  EXPECT_EQ(digests->md5, kAbcMd5);
  EXPECT_EQ(digests->size, 3);
  EXPECT_THAT(DigestFile(dir.path() + "/missing"),
              stablecut::testing::StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST(FileBody, Sha256SinkHashesWhatPassesAndStartsOverOnReset) {
  TempDir dir;
  auto file = FileSink::Create(dir.path() + "/out");
  ASSERT_THAT(file, IsOk());
  Sha256Sink sink(**file);
  ASSERT_THAT(sink.Write("partial attempt"), IsOk());
  ASSERT_THAT(sink.Reset(), IsOk());
  ASSERT_THAT(sink.Write("a"), IsOk());
  ASSERT_THAT(sink.Write("bc"), IsOk());
  EXPECT_EQ(sink.HexDigest(), kAbcSha256);
  ASSERT_THAT((*file)->Close(), IsOk());
  EXPECT_EQ(stablecut::testing::ReadFileOrEmpty(dir.path() + "/out"), "abc");
}

TEST(FileBody, MultipartFormReachesAServerAsFieldsAndAFile) {
  LoopbackServer server;
  std::vector<std::string> seen;
  server.server().Post("/legacy/", [&](httplib::Request const& req, httplib::Response& res) {
    for (auto const& [name, file] : req.files) {
      seen.push_back(file.filename.empty() ? absl::StrCat(name, "=", file.content)
                                           : absl::StrCat(name, "@", file.filename, "=",
                                                          file.content));
    }
    res.status = 200;
  });
  int port = server.Start();
  TempDir dir;
  auto wheel = FileSource::Open(dir.WriteFile("w.whl", "wheel-bytes"));
  ASSERT_THAT(wheel, IsOk());
  MultipartSource body({{":action", "file_upload"}, {"classifiers", "A"}, {"classifiers", "B"}},
                       "content", "demo-1.0-py3-none-any.whl", *std::move(wheel));
  ASSERT_TRUE(body.size().has_value());

  Client client;
  Request request;
  request.method = "POST";
  request.url = absl::StrCat("http://127.0.0.1:", port, "/legacy/");
  request.headers.emplace_back("Content-Type", body.content_type());
  request.body_source = &body;
  auto response = client.Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre(
                        ":action=file_upload", "classifiers=A", "classifiers=B",
                        "content@demo-1.0-py3-none-any.whl=wheel-bytes"));
}

}  // namespace
}  // namespace stablecut::http
