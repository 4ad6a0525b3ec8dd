#pragma once
// An HTTP answer: any status, 4xx and 5xx included, is a completed call.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace stablecut::http {

struct Response {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;       // empty when a 2xx went to the request's sink
  std::string final_url;  // after redirects
  int attempts = 1;       // how many times it was sent

  // The first value of header `name` (lower case), or "".
  std::string Header(absl::string_view name) const;
};

}  // namespace stablecut::http
