// pypi::VerifiedContent: bytes pass through unchanged, and a stream that disagrees with the
// stated size or sha256 ends in DATA_LOSS instead of its end.

#include "lib/pypi/verified_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "tests/testing/chunked_source.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::pypi {
namespace {

using ::stablecut::testing::ChunkedSource;
using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

// sha256("hello world")
constexpr char kHelloSha256[] =
    "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

// Reads `source` to its end (or its first error), in small reads.
absl::StatusOr<std::string> ReadAll(http::ByteSource& source) {
  std::string out;
  char buffer[3];
  while (true) {
    auto n = source.Read(buffer, sizeof buffer);
    if (!n.ok()) return n.status();
    if (*n == 0) return out;
    out.append(buffer, *n);
  }
}

TEST(VerifiedContent, PassesMatchingBytesThroughAndStatesTheSize) {
  ChunkedSource inner("hello world", 4);
  VerifiedContent content(inner, "demo.whl", 11, absl::AsciiStrToUpper(kHelloSha256));
  EXPECT_EQ(content.size(), 11);
  auto bytes = ReadAll(content);
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ(*bytes, "hello world");
  // The end stays the end.
  char c;
  EXPECT_THAT(content.Read(&c, 1), IsOk());
}

TEST(VerifiedContent, OtherBytesOfTheSameSizeEndInDataLoss) {
  ChunkedSource inner("hello w0rld");
  VerifiedContent content(inner, "demo.whl", 11, kHelloSha256);
  EXPECT_THAT(ReadAll(content), StatusIs(absl::StatusCode::kDataLoss,
                                         HasSubstr("demo.whl has sha256")));
}

TEST(VerifiedContent, TooFewOrTooManyBytesEndInDataLoss) {
  ChunkedSource short_inner("hello");
  VerifiedContent too_short(short_inner, "demo.whl", 11, kHelloSha256);
  EXPECT_THAT(ReadAll(too_short),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("ended after 5 of the 11")));
  ChunkedSource long_inner("hello world!");
  VerifiedContent too_long(long_inner, "demo.whl", 11, kHelloSha256);
  EXPECT_THAT(ReadAll(too_long),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("runs past the 11 bytes")));
}

TEST(VerifiedContent, RewindStartsTheCheckOver) {
  ChunkedSource inner("hello world");
  VerifiedContent content(inner, "demo.whl", 11, kHelloSha256);
  char buffer[5];
  ASSERT_THAT(content.Read(buffer, sizeof buffer), IsOk());
  ASSERT_THAT(content.Rewind(), IsOk());
  auto bytes = ReadAll(content);
  ASSERT_THAT(bytes, IsOk());
  EXPECT_EQ(*bytes, "hello world");
  EXPECT_EQ(inner.rewinds(), 1);
}

}  // namespace
}  // namespace stablecut::pypi
