#pragma once
// Holds a credential so that printing or logging it shows nothing.

#include <ostream>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "absl/status/statusor.h"

namespace stablecut::http {

class Secret {
 public:
  Secret() = default;
  // Registers the value with log::ScrubSecrets, so no text leaving the process carries it.
  explicit Secret(std::string value);

  // The value, for the one place that puts it on the wire (http::Client). `grep Reveal`
  // lists every exit.
  std::string const& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

std::ostream& operator<<(std::ostream& os, Secret const&);

// Reads a secret from a file, trimming surrounding whitespace. INVALID_ARGUMENT naming the
// file (never its contents) when it is missing, not a regular file, open to group or others
// (any of mode 077; except the layout kubelet gives a Secret volume with fsGroup: root- or
// self-owned, read-only to a non-zero group this process is in, e.g. 0440), empty, larger than 64 KiB, or holds a control character inside the
// token (a CR/LF would inject an HTTP header). The rule for every credential file.
absl::StatusOr<Secret> ReadSecretFile(std::string const& path);

}  // namespace stablecut::http

// spdlog formats with fmt 9, which does not fall back to operator<<.
template <>
struct fmt::formatter<stablecut::http::Secret> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(stablecut::http::Secret const&, FormatContext& context) const {
    return fmt::formatter<fmt::string_view>::format("[redacted]", context);
  }
};
