#pragma once
// The simple repository API pages pip reads: PEP 503 HTML and PEP 691 JSON, chosen by
// the Accept header (docs/reference/pypi.md §9).

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/sandbox/pypi/error_page.h"
#include "tools/sandbox/pypi/pypi_state.h"

namespace stablecut::sandbox::pypi {

// The media type served for `accept`: text/html, application/vnd.pypi.simple.v1+html or
// application/vnd.pypi.simple.v1+json; text/html when nothing matches.
std::string NegotiateSimpleContentType(absl::string_view accept);

// /simple/: every project. `base_url` is "http://h:p/pypi".
RenderedPage RenderSimpleIndex(PypiState const& state, absl::string_view content_type,
                               absl::string_view base_url);
// /simple/<project>/: one anchor per file with a #sha256= fragment.
RenderedPage RenderSimpleProject(StoredProject const& project, std::int64_t serial,
                                 absl::string_view content_type, absl::string_view base_url);

}  // namespace stablecut::sandbox::pypi
