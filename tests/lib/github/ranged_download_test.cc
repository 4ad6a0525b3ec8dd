// RestApi::DownloadReleaseAssetRange against a hand-played API and storage host: the Range
// header follows the redirect, the token does not, and only a 206 naming exactly the bytes
// asked for reaches the sink.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/github/rest_api.h"
#include "lib/http/file_body.h"
#include "tests/lib/http/raw_server.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::http::RawServer;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

RepoRef const kRepo{"o", "r"};
constexpr char kToken[] = "ghs_rangetesttoken";

// The value of header `name` in a request head, "" when absent.
std::string HeaderOf(std::string const& head, absl::string_view name) {
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    if (absl::StartsWithIgnoreCase(line, absl::StrCat(name, ":"))) {
      return std::string(absl::StripAsciiWhitespace(line.substr(name.size() + 1)));
    }
  }
  return "";
}

// The API host (127.0.0.1) redirects to the storage host (localhost, the same port), which
// answers what `storage_answer` says.
class RangedDownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = server_.Start();
    RestApiOptions options;
    options.api_base_url = absl::StrCat("http://127.0.0.1:", port_, "/api");
    options.token = http::Secret(kToken);
    http::ClientOptions client_options;
    client_options.sleeper = [](absl::Duration) {};
    client_ = std::make_unique<http::Client>(client_options);
    api_ = std::make_unique<RestApi>(*client_, options);
  }

  void Handle(int fd) {
    std::string request = RawServer::ReadRequest(fd);
    if (request.empty()) return;
    std::string answer;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back(request);
      if (absl::StartsWith(request, "GET /api/")) {
        answer = absl::StrCat("HTTP/1.1 302 Found\r\nLocation: http://localhost:", port_,
                              "/storage/7?X-Amz-Signature=s\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
      } else {
        answer = storage_answer_;
      }
    }
    RawServer::SendAll(fd, answer);
  }

  std::string StorageRequest() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto const& request : seen_) {
      if (absl::StartsWith(request, "GET /storage/")) return request;
    }
    return "";
  }

  void AnswerFromStorage(std::string head, std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    storage_answer_ = absl::StrCat(head, "\r\nContent-Length: ", body.size(),
                                   "\r\nConnection: close\r\n\r\n", body);
  }

  int port_ = 0;
  std::mutex mu_;
  std::vector<std::string> seen_;
  std::string storage_answer_;
  std::unique_ptr<http::Client> client_;
  std::unique_ptr<RestApi> api_;
  // Last: destroyed first, joining its connections before what they use goes.
  RawServer server_{[this](int fd) { Handle(fd); }};
};

TEST_F(RangedDownloadTest, SendsTheRangeThroughTheRedirectWithoutTheToken) {
  AnswerFromStorage("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-109/1126",
                    "0123456789");
  http::StringSink sink;
  ASSERT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 100, 10, sink), IsOk());
  EXPECT_EQ(sink.bytes(), "0123456789");
  std::string storage = StorageRequest();
  EXPECT_EQ(HeaderOf(storage, "Range"), "bytes=100-109");
  EXPECT_EQ(HeaderOf(storage, "Authorization"), "");
  std::lock_guard<std::mutex> lock(mu_);
  ASSERT_FALSE(seen_.empty());
  EXPECT_THAT(seen_.front(), HasSubstr("GET /api/repos/o/r/releases/assets/7 "));
  EXPECT_EQ(HeaderOf(seen_.front(), "Range"), "bytes=100-109");
  EXPECT_EQ(HeaderOf(seen_.front(), "Authorization"), absl::StrCat("Bearer ", kToken));
}

TEST_F(RangedDownloadTest, AStorageThatIgnoresTheRangeIsAnErrorAndWritesNothing) {
  AnswerFromStorage("HTTP/1.1 200 OK", std::string(1126, 'w'));
  http::StringSink sink;
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 100, 10, sink),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("release asset 7"), HasSubstr("bytes=100-109"),
                             HasSubstr("200"), HasSubstr("ignored the Range"))));
  EXPECT_THAT(sink.bytes(), IsEmpty());
}

TEST_F(RangedDownloadTest, AnotherContentRangeIsAnErrorAndWritesNothing) {
  for (char const* content_range :
       {"bytes 0-9/1126", "bytes 100-110/1126", "bytes */1126", "bytes 100-109"}) {
    SCOPED_TRACE(content_range);
    AnswerFromStorage(absl::StrCat("HTTP/1.1 206 Partial Content\r\nContent-Range: ", content_range),
                      "0123456789");
    http::StringSink sink;
    EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 100, 10, sink),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr("release asset 7"), HasSubstr(content_range))));
    EXPECT_THAT(sink.bytes(), IsEmpty());
  }
  AnswerFromStorage("HTTP/1.1 206 Partial Content", "0123456789");
  http::StringSink sink;
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 100, 10, sink),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("Content-Range \"\"")));
}

TEST_F(RangedDownloadTest, AnUnsatisfiableRangeIsAnError) {
  AnswerFromStorage("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */1126",
                    "<Error><Code>InvalidRange</Code></Error>");
  http::StringSink sink;
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 2000, 10, sink),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("release asset 7"), HasSubstr("416"))));
  EXPECT_THAT(sink.bytes(), IsEmpty());
}

TEST_F(RangedDownloadTest, RefusesAnEmptyOrNegativeRangeWithoutAsking) {
  http::StringSink sink;
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, 0, 0, sink),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("length > 0")));
  EXPECT_THAT(api_->DownloadReleaseAssetRange({}, kRepo, 7, -1, 10, sink),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("offset >= 0")));
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_THAT(seen_, IsEmpty());
}

}  // namespace
}  // namespace stablecut::github
