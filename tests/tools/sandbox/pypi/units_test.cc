// Tables for the sandbox PyPI's pure pieces: BLAKE2b-256, PEP 440, wheel name rules,
// Accept negotiation and token checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "tests/testing/status_matchers.h"
#include "tools/sandbox/pypi/blake2b.h"
#include "tools/sandbox/pypi/pep440.h"
#include "tools/sandbox/pypi/simple_index.h"
#include "tools/sandbox/pypi/upload_auth.h"
#include "tools/sandbox/pypi/wheel_name_rules.h"

namespace stablecut::sandbox::pypi {
namespace {

using ::stablecut::testing::StatusIs;

std::string Blake2(std::string const& text, std::size_t chunk) {
  Blake2b256 hasher;
  for (std::size_t i = 0; i < text.size(); i += chunk) hasher.Update(text.substr(i, chunk));
  return hasher.FinishHex();
}

TEST(Blake2b256, MatchesPythonHashlib) {
  EXPECT_EQ(Blake2("", 1), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(Blake2("abc", 1), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  // Exactly one block, and several blocks fed in odd chunks.
  EXPECT_EQ(Blake2(std::string(128, 'y'), 7),
            "344a3b5dec41f412c454eb8e0a96c5ff9d31c94fed2bd73d4eea9bc92524993d");
  EXPECT_EQ(Blake2(std::string(1000, 'x'), 33),
            "ab75119ede14ef06ebf31f745fb655ed006cccfe8054c635308a557f7c9beaba");
}

TEST(Pep440, NormalizesCanonicalizesAndOrders) {
  struct Case {
    char const* text;
    char const* normalized;
    char const* canonical;
  } cases[] = {
      {"1.0.0", "1.0.0", "1"},         {"1.0.0-RC1", "1.0.0rc1", "1rc1"},
      {"v1.0.post", "1.0.post0", "1.post0"}, {"2.0-dev_3", "2.0.dev3", "2.dev3"},
      {"1!2.0alpha", "1!2.0a0", "1!2a0"},  {"1.0-1", "1.0.post1", "1.post1"},
      {"1.0+Local_Ver", "1.0+local.ver", "1+local.ver"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.text);
    auto version = ParsePep440(c.text);
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(ToString(*version), c.normalized);
    EXPECT_EQ(CanonicalVersion(*version), c.canonical);
  }
  EXPECT_FALSE(ParsePep440("dog").has_value());
  EXPECT_FALSE(ParsePep440("1.0-").has_value());
  char const* ordered[] = {"1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.1"};
  for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
    SCOPED_TRACE(ordered[i]);
    EXPECT_LT(ComparePep440(*ParsePep440(ordered[i]), *ParsePep440(ordered[i + 1])), 0);
  }
  EXPECT_EQ(ComparePep440(*ParsePep440("1.0"), *ParsePep440("1.0.0")), 0);
}

TEST(WheelNameRules, ParsesAsPackagingDoes) {
  auto parsed = ParseWheelNameAsPackaging("Demo.Pkg-1.0-1b-py3-none-manylinux_2_17_x86_64.whl");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->name, "demo-pkg");
  EXPECT_EQ(parsed->name_part, "Demo.Pkg");
  EXPECT_THAT(parsed->platform_tags, ::testing::ElementsAre("manylinux_2_17_x86_64"));
  EXPECT_THAT(ParseWheelNameAsPackaging("foo-1.0.whl"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "Invalid wheel filename (wrong number of parts): 'foo-1.0'"));
  EXPECT_THAT(ParseWheelNameAsPackaging("foo-dog-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "Invalid wheel filename (invalid version): 'foo-dog-py3-none-any'"));
  EXPECT_THAT(ParseWheelNameAsPackaging("foo-1.0-x-py3-none-any.whl"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "Invalid build number: x in 'foo-1.0-x-py3-none-any'"));
}

TEST(WheelNameRules, AllowsPyPIPlatformTagsOnly) {
  for (char const* tag : {"any", "win_amd64", "manylinux2014_aarch64", "manylinux_2_28_x86_64",
                          "musllinux_1_2_riscv64", "macosx_10_9_x86_64", "macosx_11_0_arm64",
                          "linux_armv7l", "ios_13_0_arm64_iphoneos", "android_21_arm64_v8a",
                          "pyemscripten_2024_0_wasm32"}) {
    EXPECT_TRUE(IsAllowedPlatformTag(tag)) << tag;
  }
  for (char const* tag : {"linux_x86_64", "macosx_11_3_arm64", "musllinux_1_2_ppc64",
                          "manylinux_2_17_sparc", "freebsd_13_amd64"}) {
    EXPECT_FALSE(IsAllowedPlatformTag(tag)) << tag;
  }
}

TEST(SimpleNegotiation, PicksTheBestOffer) {
  EXPECT_EQ(NegotiateSimpleContentType(""), "text/html");
  EXPECT_EQ(NegotiateSimpleContentType("*/*"), "text/html");
  EXPECT_EQ(NegotiateSimpleContentType("application/vnd.pypi.simple.v1+json, "
                                       "application/vnd.pypi.simple.v1+html; q=0.1, "
                                       "text/html; q=0.01"),
            "application/vnd.pypi.simple.v1+json");
  EXPECT_EQ(NegotiateSimpleContentType("application/vnd.pypi.simple.v1+html"),
            "application/vnd.pypi.simple.v1+html");
  EXPECT_EQ(NegotiateSimpleContentType("image/png"), "text/html");
}

TEST(UploadAuth, IdentifiesTheCaller) {
  auto basic = [](std::string const& user_pass) {
    return "Basic " + absl::Base64Escape(user_pass);
  };
  EXPECT_EQ(IdentifyUploader(basic("__token__:pypi-abc"), "pypi-abc"), UploadIdentity::kToken);
  EXPECT_EQ(IdentifyUploader(basic("__token__: pypi-abc \n"), "pypi-abc"),
            UploadIdentity::kToken);
  EXPECT_EQ(IdentifyUploader(basic("__token__:pypi-abd"), "pypi-abc"), UploadIdentity::kNone);
  EXPECT_EQ(IdentifyUploader(basic("alice:pypi-abc"), "pypi-abc"),
            UploadIdentity::kPasswordUsername);
  EXPECT_EQ(IdentifyUploader("BEARER pypi-abc", "pypi-abc"), UploadIdentity::kToken);
  EXPECT_EQ(IdentifyUploader("token pypi-abc", "pypi-abc"), UploadIdentity::kToken);
  EXPECT_EQ(IdentifyUploader("", "pypi-abc"), UploadIdentity::kNone);
  EXPECT_EQ(IdentifyUploader("Basic !!!", "pypi-abc"), UploadIdentity::kNone);
}

}  // namespace
}  // namespace stablecut::sandbox::pypi
