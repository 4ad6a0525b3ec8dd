#include "lib/log/secret_scrubber.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"

namespace stablecut::log {
namespace {

constexpr std::size_t kShortestSecret = 8;

struct Registry {
  absl::Mutex mu;
  std::vector<std::string> secrets ABSL_GUARDED_BY(mu);  // longest first
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: logging may run at exit
  return *registry;
}

}  // namespace

void RegisterSecret(std::string const& value) {
  if (value.size() < kShortestSecret) return;
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  auto& secrets = registry.secrets;
  if (std::find(secrets.begin(), secrets.end(), value) != secrets.end()) return;
  secrets.push_back(value);
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(secrets.begin(), secrets.end(),
            [](std::string const& a, std::string const& b) { return a.size() > b.size(); });
}

std::string ScrubSecrets(absl::string_view text) {
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  std::string scrubbed(text);
  for (auto const& secret : registry.secrets) {
    if (scrubbed.find(secret) != std::string::npos) {
      absl::StrReplaceAll({{secret, kRedacted}}, &scrubbed);
    }
  }
  return scrubbed;
}

}  // namespace stablecut::log
