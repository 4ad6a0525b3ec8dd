#include "lib/http/secret.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "pypi-FAKEtokenVALUE0123456789";

TEST(Secret, PrintsRedacted) {
  Secret secret(kToken);
  std::ostringstream stream;
  stream << secret;
  EXPECT_EQ(stream.str(), "[redacted]");
  EXPECT_EQ(fmt::format("token={}", secret), "token=[redacted]");
  EXPECT_EQ(secret.Reveal(), kToken);
}

TEST(Secret, ReadFromFileTrimmed) {
  stablecut::testing::TempDir dir;
  auto secret = ReadSecretFile(dir.WriteFile("token", absl::StrCat("  ", kToken, "\n")));
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->Reveal(), kToken);
}

TEST(Secret, FileErrorsNameTheFileNeverTheContents) {
  stablecut::testing::TempDir dir;
  EXPECT_THAT(ReadSecretFile(dir.path() + "/missing"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot read")));
  EXPECT_THAT(ReadSecretFile(dir.WriteFile("empty", " \n")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is empty")));
  auto huge = ReadSecretFile(dir.WriteFile("huge", std::string(70000, 'k') + kToken));
  EXPECT_THAT(huge, StatusIs(absl::StatusCode::kInvalidArgument, Not(HasSubstr(kToken))));
}

}  // namespace
}  // namespace stablecut::http
