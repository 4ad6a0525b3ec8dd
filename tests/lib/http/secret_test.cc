#include "lib/http/secret.h"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/log/secret_scrubber.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
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


TEST(Secret, RefusesAFileOpenToGroupOrOthersSayingTheMode) {
  stablecut::testing::TempDir dir;
  for (mode_t mode : {0640, 0604, 0620, 0602, 0644}) {
    std::string path = dir.WriteFile("token", kToken);
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    auto secret = ReadSecretFile(path);
    EXPECT_THAT(secret, StatusIs(absl::StatusCode::kInvalidArgument,
                                 AllOf(HasSubstr("open to group or others"), HasSubstr(path),
                                       HasSubstr("chmod 600"), Not(HasSubstr(kToken)))))
        << std::oct << mode;
  }
  std::string owner_only = dir.WriteFile("owner", kToken);
  ASSERT_EQ(chmod(owner_only.c_str(), 0400), 0);
  EXPECT_TRUE(ReadSecretFile(owner_only).ok());
}

// kubelet's Secret volume with fsGroup: root:<fsGroup>, 0440. Accepted only for a group this
// process is in (tests/deploy/fidelity_test.py reads such files as the pod's user).
TEST(Secret, RefusesGroupReadForAGroupThisProcessIsNotIn) {
  stablecut::testing::TempDir dir;
  std::string path = dir.WriteFile("token", kToken);
  gid_t stranger = 54321;
  if (getegid() == stranger || chown(path.c_str(), static_cast<uid_t>(-1), stranger) != 0) {
    GTEST_SKIP() << "cannot give the file another group here (needs root)";
  }
  ASSERT_EQ(chmod(path.c_str(), 0440), 0);
  EXPECT_THAT(ReadSecretFile(path), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("open to group or others")));
}

TEST(Secret, AcceptsGroupReadForItsOwnNonRootGroup) {
  stablecut::testing::TempDir dir;
  std::string path = dir.WriteFile("token", kToken);
  if (getegid() == 0) GTEST_SKIP() << "runs as group 0; fidelity_test.py covers this as a pod";
  ASSERT_EQ(chmod(path.c_str(), 0440), 0);
  auto secret = ReadSecretFile(path);
  ASSERT_TRUE(secret.ok()) << secret.status();
  ASSERT_EQ(chmod(path.c_str(), 0460), 0);
  EXPECT_FALSE(ReadSecretFile(path).ok());
}

TEST(Secret, RefusesWhatIsNotARegularFile) {
  stablecut::testing::TempDir dir;
  EXPECT_THAT(ReadSecretFile(dir.path()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a regular file")));
  EXPECT_THAT(ReadSecretFile("/dev/null"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a regular file")));
}

// A CR/LF inside a token would end the Authorization header and inject the next line as a
// header of its own.
TEST(Secret, RefusesControlCharactersInsideTheTokenNeverPrintingIt) {
  stablecut::testing::TempDir dir;
  for (std::string inside : {std::string("\r\nX-Injected: 1"), std::string("\n"),
                             std::string("\t"), std::string(1, '\0'), std::string("\x7f")}) {
    std::string value = absl::StrCat(kToken, inside, "tail");
    auto secret = ReadSecretFile(dir.WriteFile("token", value));
    EXPECT_THAT(secret, StatusIs(absl::StatusCode::kInvalidArgument,
                                 AllOf(HasSubstr("control character"), Not(HasSubstr(kToken)),
                                       Not(HasSubstr("tail")))));
  }
}

TEST(Secret, EverySecretIsScrubbedFromTextLeavingTheProcess) {
  Secret secret("ghp_scrubMEtoken0123456789");
  EXPECT_EQ(log::ScrubSecrets("Bad credentials for ghp_scrubMEtoken0123456789 (401)"),
            "Bad credentials for [redacted] (401)");
}

}  // namespace
}  // namespace stablecut::http
