#include "lib/http/secret_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/http/token_source.h"
#include "tests/testing/log_capture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::http {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOld[] = "ghp_OLDtokenVALUE0123456789";
constexpr char kNew[] = "ghp_NEWtokenVALUE9876543210";
constexpr char kBad[] = "ghp_BADtokenVALUE5555555555";

class SecretFileTest : public ::testing::Test {
 protected:
  std::shared_ptr<SecretFile> Open() {
    auto file = SecretFile::Open(path_, "the test's token", absl::Seconds(10),
                                 [this] { return now_; });
    EXPECT_THAT(file, IsOk());
    return file.ok() ? *file : nullptr;
  }

  // As a Kubernetes volume or a careful agent does: a new file renamed over the old.
  void ReplaceWith(char const* value, mode_t mode = 0600) {
    std::string next = dir_.WriteFile("token.next", value);
    ASSERT_EQ(chmod(next.c_str(), mode), 0);
    ASSERT_EQ(std::rename(next.c_str(), path_.c_str()), 0);
  }

  stablecut::testing::TempDir dir_;
  std::string path_ = dir_.WriteFile("token", kOld);
  absl::Time now_ = absl::FromUnixSeconds(1'000'000);
};

TEST_F(SecretFileTest, ARenamedNewFileTakesEffectAtTheNextRecheck) {
  auto file = Open();
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->Current().Reveal(), kOld);
  ReplaceWith(kNew);
  now_ += absl::Seconds(9);
  EXPECT_EQ(file->Current().Reveal(), kOld) << "looked at again before its interval";
  now_ += absl::Seconds(1);
  EXPECT_EQ(file->Current().Reveal(), kNew);
}

TEST_F(SecretFileTest, AFileRewrittenInPlaceIsReadAgain) {
  auto file = Open();
  ASSERT_NE(file, nullptr);
  std::ofstream(path_, std::ios::trunc) << kNew << "\n";  // same inode, same length
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kNew);
}

TEST_F(SecretFileTest, AnUnusableNewFileKeepsTheOldTokenAndIsLoggedWithoutAValue) {
  auto file = Open();
  ASSERT_NE(file, nullptr);
  stablecut::testing::LogCapture log;
  ReplaceWith(kBad, 0644);
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kOld);
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kOld);
  EXPECT_THAT(log.Text(), AllOf(HasSubstr("secret file unusable"), HasSubstr(path_),
                                HasSubstr("open to group or others"), Not(HasSubstr(kBad)),
                                Not(HasSubstr(kOld))));
  // Logged once for that change, not at every recheck.
  EXPECT_EQ(log.Text().find("secret file unusable"), log.Text().rfind("secret file unusable"));

  // Mended with chmod alone (only the ctime changes): the new token is taken.
  ASSERT_EQ(chmod(path_.c_str(), 0600), 0);
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kBad);
  EXPECT_THAT(log.Text(), AllOf(HasSubstr("secret file reread"), Not(HasSubstr(kBad))));
}

TEST_F(SecretFileTest, AMissingFileKeepsTheOldTokenUntilOneIsBack) {
  auto file = Open();
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(unlink(path_.c_str()), 0);
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kOld);
  ReplaceWith(kNew);
  now_ += absl::Seconds(10);
  EXPECT_EQ(file->Current().Reveal(), kNew);
}

TEST_F(SecretFileTest, OpenRefusesWhatReadSecretFileRefuses) {
  ASSERT_EQ(chmod(path_.c_str(), 0644), 0);
  EXPECT_THAT(SecretFile::Open(path_, "the test's token", absl::Seconds(10)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), Not(HasSubstr(kOld)))));
  EXPECT_THAT(SecretFile::Open(path_, "the test's token", absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("positive")));
}

TEST(TokenSource, FixedOrFromAFile) {
  EXPECT_TRUE(TokenSource().empty());
  TokenSource fixed = Secret(kOld);
  EXPECT_FALSE(fixed.empty());
  EXPECT_FALSE(fixed.rotates());
  EXPECT_EQ(fixed.Current().Reveal(), kOld);
  stablecut::testing::TempDir dir;
  auto file = SecretFile::Open(dir.WriteFile("token", kNew), "t", absl::Seconds(1));
  ASSERT_THAT(file, IsOk());
  TokenSource rotating(*file);
  EXPECT_TRUE(rotating.rotates());
  EXPECT_EQ(rotating.Current().Reveal(), kNew);
}

}  // namespace
}  // namespace stablecut::http
