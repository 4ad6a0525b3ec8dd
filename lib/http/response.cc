#include "lib/http/response.h"

namespace stablecut::http {

std::string Response::Header(absl::string_view name) const {
  for (auto const& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace stablecut::http
