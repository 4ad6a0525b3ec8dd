// The objection seeds (tools/sandbox/objection_seeds.cc): each is passes-all plus one open
// release proposal for the candidate, with the comments its name promises.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::testing {
namespace {

using ::testing::StartsWith;

double AgeHours(nlohmann::json const& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339.get<std::string>(), &time, &error))
      << error;
  return absl::ToDoubleHours(absl::Now() - time);
}

class ObjectionSeed : public ::testing::Test {
 protected:
  // Starts the sandbox on `seed` and reads its candidate and proposal.
  void Load(std::string const& seed) {
    auto started =
        SandboxProcess::StartOn(dir_.path() + "/state", seed, dir_.path() + "/sandbox.log");
    ASSERT_THAT(started, IsOk());
    sandbox_ = *std::move(started);
    for (auto const& release : Get("/releases?per_page=100")) {
      if (release["prerelease"].get<bool>()) candidate_tag_ = release["tag_name"];
    }
    ASSERT_FALSE(candidate_tag_.empty());
    nlohmann::json all = Get("/issues?state=all");
    ASSERT_EQ(all.size(), 1u) << "the proposal is the seed's one issue: " << all.dump();
    proposal_ = all[0];
    comments_ = Get(absl::StrCat("/issues/", proposal_["number"].get<int64_t>(), "/comments"));
  }

  nlohmann::json Get(std::string const& suffix) {
    HttpReply reply = sandbox_->Get(SandboxProcess::Demo(suffix), sandbox_->read_token());
    EXPECT_EQ(reply.status, 200) << suffix << ": " << reply.body;
    return reply.Json();
  }

  void ExpectTheProposal(double age_hours) {
    EXPECT_EQ(proposal_["title"], "Release proposal: " + candidate_tag_);
    EXPECT_EQ(proposal_["state"], "open");
    ASSERT_EQ(proposal_["labels"].size(), 1u);
    EXPECT_EQ(proposal_["labels"][0]["name"], "release-proposal");
    EXPECT_EQ(proposal_["user"]["login"], "stablecut-bot");
    EXPECT_EQ(proposal_["author_association"], "MEMBER");
    EXPECT_NEAR(AgeHours(proposal_["created_at"]), age_hours, 0.1);
    EXPECT_EQ(proposal_["comments"], comments_.size());
    // Nothing the other checks read changed: no P0 regression, no hold issue.
    EXPECT_TRUE(Get("/issues?state=open&labels=P0,regression").empty());
    EXPECT_TRUE(Get("/issues?state=open&labels=release-hold").empty());
  }

  TempDir dir_;
  std::unique_ptr<SandboxProcess> sandbox_;
  std::string candidate_tag_;
  nlohmann::json proposal_, comments_;
};

TEST_F(ObjectionSeed, FailsObjectionsHasAMembersStandingHoldAndANonMembersHold) {
  Load("fails-objections");
  ExpectTheProposal(24 * 5);
  ASSERT_EQ(comments_.size(), 2u) << comments_.dump();
  EXPECT_EQ(comments_[0]["author_association"], "MEMBER");
  EXPECT_THAT(comments_[0]["body"].get<std::string>(),
              StartsWith("/hold widgets-runtime crashes on import on macOS\n"));
  EXPECT_NEAR(AgeHours(comments_[0]["created_at"]), 24 * 3, 0.1);
  EXPECT_EQ(comments_[1]["author_association"], "NONE");
  EXPECT_EQ(comments_[1]["body"], "/hold please wait for my PR");
  EXPECT_NE(comments_[0]["user"]["login"], comments_[1]["user"]["login"]);
}

TEST_F(ObjectionSeed, PassesObjectionsUnheldHasAHoldThenACollaboratorsUnhold) {
  Load("passes-objections-unheld");
  ExpectTheProposal(24 * 5);
  ASSERT_EQ(comments_.size(), 2u) << comments_.dump();
  EXPECT_EQ(comments_[0]["author_association"], "MEMBER");
  EXPECT_THAT(comments_[0]["body"].get<std::string>(), StartsWith("/hold "));
  EXPECT_NEAR(AgeHours(comments_[0]["created_at"]), 24 * 4, 0.1);
  EXPECT_EQ(comments_[1]["author_association"], "COLLABORATOR");
  EXPECT_EQ(comments_[1]["body"], "/unhold fixed in the wheel rebuild");
  EXPECT_NEAR(AgeHours(comments_[1]["created_at"]), 24 * 2, 0.1);
}

TEST_F(ObjectionSeed, ObjectionsWindowRunningHasAFreshProposalAndNoComments) {
  Load("objections-window-running");
  ExpectTheProposal(2);
  EXPECT_TRUE(comments_.empty());
}

TEST_F(ObjectionSeed, EachLoadsThroughTheControlApiAndIsListedAmongTheSeeds) {
  Load("objections-window-running");
  HttpReply reply =
      sandbox_->Send("POST", "/_control/seed", "", R"({"name":"fails-objections"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(Get("/issues?state=all&labels=release-proposal").size(), 1u);
  HttpReply unknown = sandbox_->Send("POST", "/_control/seed", "", R"({"name":"fails-nothing"})");
  EXPECT_EQ(unknown.status, 400);
  for (char const* name : {"fails-objections", "passes-objections-unheld",
                           "objections-window-running"}) {
    EXPECT_THAT(unknown.Json().value("error", ""), ::testing::HasSubstr(name));
  }
}

}  // namespace
}  // namespace stablecut::testing
