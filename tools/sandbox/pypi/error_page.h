#pragma once
// The body of warehouse's upload errors: Pyramid's default error page whose title is
// "<code> <message>" (docs/reference/pypi.md §6.1), as HTML or, when asked for, JSON.

#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

struct RenderedPage {
  std::string content_type;
  std::string body;
};

// The standard reason phrase of `status` ("Bad Request").
std::string StandardReason(int status);

// The error page for `status` with warehouse's `message`; JSON when `accept` asks for
// application/json and not for HTML, else HTML. `location` is set only for redirects.
RenderedPage RenderErrorPage(int status, absl::string_view message, absl::string_view accept,
                             absl::string_view location = "");

// HTML-escapes `&<>"'` as Python's html.escape does.
std::string EscapeHtml(absl::string_view text);

}  // namespace stablecut::sandbox::pypi
