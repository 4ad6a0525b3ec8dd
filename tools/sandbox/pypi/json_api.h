#pragma once
// The JSON API pages, /pypi/<project>/json and /pypi/<project>/<version>/json, as
// warehouse's legacy/api/json.py builds them (docs/reference/pypi.md §8).

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "absl/strings/string_view.h"
#include "tools/sandbox/pypi/pypi_state.h"

namespace stablecut::sandbox::pypi {

// The release whose canonical version equals `version`'s; nullptr when none (or invalid).
StoredRelease const* FindRelease(StoredProject const& project, absl::string_view version);
// The newest non-prerelease release, else the newest; nullptr when there is none.
StoredRelease const* LatestRelease(StoredProject const& project);

// Where a stored file is downloaded: <base_url>/files/<path> (base_url: "http://h:p/pypi").
std::string FileUrl(absl::string_view base_url, StoredFile const& file);

// {"info", "urls", "vulnerabilities", "last_serial", "ownership"} for one release.
nlohmann::json ReleaseJson(StoredProject const& project, StoredRelease const& release,
                           absl::string_view base_url, std::int64_t serial);
// The same for the latest release, plus "releases": {version: [file…]} for all.
nlohmann::json ProjectJson(StoredProject const& project, StoredRelease const& latest,
                           absl::string_view base_url, std::int64_t serial);

}  // namespace stablecut::sandbox::pypi
