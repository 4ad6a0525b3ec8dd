#include "lib/http/url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/status_matchers.h"

namespace stablecut::http {
namespace {

TEST(Url, ParsesSchemeHostAndPort) {
  auto url = ParseUrl("https://API.GitHub.com/repos/a/b?x=1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "api.github.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->Authority(), "api.github.com:443");
  auto local = ParseUrl("http://[::1]:8080/x");
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_EQ(local->host, "::1");
  EXPECT_EQ(local->port, 8080);
}

TEST(Url, ResolvesRelativeAndAbsoluteRedirects) {
  auto base = ParseUrl("https://api.github.com/repos/a/b/releases/assets/1");
  ASSERT_TRUE(base.ok());
  auto relative = ResolveUrl(*base, "/other?y=2");
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(relative->full, "https://api.github.com/other?y=2");
  auto absolute = ResolveUrl(*base, "https://objects.example/f?sig=1");
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(absolute->host, "objects.example");
}

TEST(Url, RejectsWhatIsNotHttp) {
  for (char const* text : {"", "not a url", "ftp://x/y", "file:///etc/passwd", "/relative"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseUrl(text),
                stablecut::testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  }
}

// Found by fuzz/url_fuzzer: libcurl took these bytes as a host, then refused its own output.
TEST(Url, RejectsHostsWithBytesNoHostHas) {
  for (char const* text : {"https://ge\x80\x80%7ftps/a", "https://a%00b/", "http://a b/"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseUrl(text),
                stablecut::testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  }
  EXPECT_TRUE(ParseUrl("https://my_host-1.example:8443/x").ok());
}

// Also found by the fuzzer: "3%33" is host "33" to libcurl, but the URL it normalizes to,
// "https://33/", is 0.0.0.33 when the client hands it back to libcurl.
TEST(Url, RejectsHostsThatReadDifferentlyOnceNormalized) {
  for (char const* text : {"https://3%33/", "https://3%3333333333/x"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseUrl(text), stablecut::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                                              ::testing::HasSubstr("plainly")));
  }
  auto plain = ParseUrl("https://a%2eb/");  // the same host either way
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->host, "a.b");
}

TEST(Url, RejectsControlCharactersIncludingNul) {
  using namespace std::string_literals;
  for (std::string text : {"https://a.example/\0@b.example/"s, "https://a.example/x\ny"s}) {
    EXPECT_THAT(ParseUrl(text),
                stablecut::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                             ::testing::HasSubstr("control character")));
  }
  auto base = ParseUrl("https://api.github.com/a");
  ASSERT_TRUE(base.ok());
  EXPECT_THAT(ResolveUrl(*base, "/b\r\nX-Injected: 1"),
              stablecut::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                           ::testing::HasSubstr("control character")));
}

TEST(Url, KnowsLoopback) {
  for (char const* host : {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (char const* host : {"128.0.0.1", "127.0.0.1.example.com", "10.0.0.1", "example.com",
                           "::2", ""}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(Url, LogFormDropsQueryAndFragment) {
  EXPECT_EQ(UrlForLog("https://s3.example/f.whl?X-Amz-Signature=abc#x"),
            "https://s3.example/f.whl");
}

}  // namespace
}  // namespace stablecut::http
