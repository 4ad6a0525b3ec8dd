#include "lib/auth/acl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::auth {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::HasSubstr;

std::set<std::string> const kServed = {
    "/stablecut.v1.CandidateService/CreateCandidate",
    "/stablecut.v1.CandidateService/PromoteCandidate",
    "/stablecut.v1.VerifierService/Verify",
};

TEST(Acl, AllowsNamedIdentityOnNamedMethod) {
  auto acl = Acl::Create({{"stablecut.v1.CandidateService/PromoteCandidate",
                           {"spiffe://stablecut/publisher"}}},
                         kServed);
  ASSERT_THAT(acl, IsOk());
  EXPECT_TRUE(acl->Allows("/stablecut.v1.CandidateService/PromoteCandidate",
                          "spiffe://stablecut/publisher"));
}

TEST(Acl, DeniesByDefault) {
  auto acl = Acl::Create({{"stablecut.v1.CandidateService/PromoteCandidate",
                           {"spiffe://stablecut/publisher"}}},
                         kServed);
  ASSERT_THAT(acl, IsOk());
  EXPECT_FALSE(acl->Allows("/stablecut.v1.CandidateService/PromoteCandidate",
                           "spiffe://stablecut/operator"));
  EXPECT_FALSE(acl->Allows("/stablecut.v1.CandidateService/CreateCandidate",
                           "spiffe://stablecut/publisher"));
  EXPECT_FALSE(Acl().Allows("/stablecut.v1.VerifierService/Verify", "insecure-local"));
}

TEST(Acl, ServiceWildcardCoversEveryMethodOfThatServiceOnly) {
  auto acl = Acl::Create({{"/stablecut.v1.CandidateService/*", {"ops"}}}, kServed);
  ASSERT_THAT(acl, IsOk());
  EXPECT_TRUE(acl->Allows("/stablecut.v1.CandidateService/CreateCandidate", "ops"));
  EXPECT_TRUE(acl->Allows("/stablecut.v1.CandidateService/PromoteCandidate", "ops"));
  EXPECT_FALSE(acl->Allows("/stablecut.v1.VerifierService/Verify", "ops"));
}

TEST(Acl, RightIsGrantedOnlyByARuleNamingIt) {
  std::set<std::string> served = {"/stablecut.v1.PublisherService/Publish",
                                  "/stablecut.v1.PublisherService/Publish:override"};
  auto acl = Acl::Create({{"stablecut.v1.PublisherService/*", {"ops"}},
                          {"stablecut.v1.PublisherService/Publish:override", {"lead"}}},
                         served);
  ASSERT_THAT(acl, IsOk());
  EXPECT_TRUE(acl->Allows("/stablecut.v1.PublisherService/Publish", "ops"));
  EXPECT_FALSE(acl->Allows("/stablecut.v1.PublisherService/Publish:override", "ops"));
  EXPECT_TRUE(acl->Allows("/stablecut.v1.PublisherService/Publish:override", "lead"));
  EXPECT_FALSE(acl->Allows("/stablecut.v1.PublisherService/Publish", "lead"));
}

TEST(Acl, RulesAddUp) {
  auto acl = Acl::Create({{"stablecut.v1.VerifierService/Verify", {"a"}},
                          {"stablecut.v1.VerifierService/*", {"b"}}},
                         kServed);
  ASSERT_THAT(acl, IsOk());
  EXPECT_TRUE(acl->Allows("/stablecut.v1.VerifierService/Verify", "a"));
  EXPECT_TRUE(acl->Allows("/stablecut.v1.VerifierService/Verify", "b"));
}

TEST(Acl, RejectsBadRulesSayingWhy) {
  struct Case {
    char const* name;
    AclRule rule;
    char const* message;
  } const cases[] = {
      {"unknown method", {"stablecut.v1.CandidateService/Promote", {"x"}}, "serves no method"},
      {"wrong case", {"stablecut.v1.candidateService/PromoteCandidate", {"x"}},
       "serves no method"},
      {"unknown service", {"stablecut.v1.Nope/*", {"x"}}, "serves no service"},
      {"no slash", {"stablecut.v1.CandidateService", {"x"}}, "is not"},
      {"empty", {"", {"x"}}, "is not"},
      {"two slashes", {"a/b/c", {"x"}}, "is not"},
      {"no identities", {"stablecut.v1.VerifierService/Verify", {}}, "lists no identities"},
      {"empty identity", {"stablecut.v1.VerifierService/Verify", {""}}, "empty identity"},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ValidateAclRule(c.rule, kServed),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
    EXPECT_THAT(Acl::Create({{"stablecut.v1.VerifierService/Verify", {"ok"}}, c.rule}, kServed),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("acl[1]: ")));
  }
}

}  // namespace
}  // namespace stablecut::auth
