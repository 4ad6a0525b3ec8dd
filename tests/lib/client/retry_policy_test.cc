#include "lib/client/retry_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace stablecut::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RetryServiceConfigJson, RetriesUnavailableForTheReadingMethods) {
  std::string const& json = RetryServiceConfigJson();
  EXPECT_THAT(json, HasSubstr(R"("retryableStatusCodes":["UNAVAILABLE"])"));
  EXPECT_THAT(json, HasSubstr(R"("maxAttempts":4)"));
  for (char const* method : {"GetCandidate", "ListCandidates", "Verify", "PickCandidate",
                             "GetPublication"}) {
    EXPECT_THAT(json, HasSubstr(absl::StrCat(R"("method":")", method, R"(")")));
  }
}

TEST(RetryServiceConfigJson, NeverRetriesAMethodThatChangesState) {
  std::string const& json = RetryServiceConfigJson();
  for (char const* method : {"CreateCandidate", "FinalizeCandidates", "PromoteCandidate",
                             "Publish\""}) {
    EXPECT_THAT(json, Not(HasSubstr(method)));
  }
}

}  // namespace
}  // namespace stablecut::client
