#include "lib/http/secret.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stablecut::http {
namespace {

constexpr std::size_t kMaxSecretBytes = 64 * 1024;

}  // namespace

std::ostream& operator<<(std::ostream& os, Secret const&) { return os << "[redacted]"; }

absl::StatusOr<Secret> ReadSecretFile(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the secret file \"", path, "\""));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string value = std::move(buffer).str();
  if (value.size() > kMaxSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the secret file \"", path, "\" is larger than ", kMaxSecretBytes,
                     " bytes; is it the right file?"));
  }
  std::string trimmed(absl::StripAsciiWhitespace(value));
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the secret file \"", path, "\" is empty"));
  }
  return Secret(std::move(trimmed));
}

}  // namespace stablecut::http
