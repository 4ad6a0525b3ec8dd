#include "lib/client/retry_policy.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace stablecut::client {

std::vector<std::string> const& IdempotentMethods() {
  static auto const* methods = new std::vector<std::string>{
      "stablecut.v1.CandidateService/GetCandidate",
      "stablecut.v1.CandidateService/ListCandidates",
      "stablecut.v1.VerifierService/Verify",
      "stablecut.v1.VerifierService/PickCandidate",
      "stablecut.v1.PublisherService/GetPublication",
  };
  return *methods;
}

std::string const& RetryServiceConfigJson() {
  static auto const* json = [] {
    std::vector<std::string> names;
    for (auto const& method : IdempotentMethods()) {
      std::pair<std::string, std::string> parts = absl::StrSplit(method, '/');
      names.push_back(absl::StrCat(R"({"service":")", parts.first, R"(","method":")",
                                   parts.second, R"("})"));
    }
    return new std::string(absl::StrCat(
        R"({"methodConfig":[{"name":[)", absl::StrJoin(names, ","),
        R"(],"retryPolicy":{"maxAttempts":4,"initialBackoff":"0.2s","maxBackoff":"2s",)",
        R"("backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]})"));
  }();
  return *json;
}

}  // namespace stablecut::client
