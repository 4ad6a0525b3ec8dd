#pragma once
// Builds small, valid wheels (libzip) and sdists (libarchive) for tests of distribution
// handling and uploads.

#include <string>
#include <utility>
#include <vector>

namespace stablecut::testing {

// Writes a zip archive at `path` holding `members` (name, contents), deflated, in that
// order, with a fixed timestamp. Returns `path` ("" and a test failure when it cannot).
std::string WriteTestZip(std::string const& path,
                         std::vector<std::pair<std::string, std::string>> const& members);

// Writes `<dir>/<distribution>-<version>-py3-none-any.whl` and returns its path ("" and
// a test failure when it cannot). The wheel holds `<distribution>/__init__.py` and a
// `<distribution>-<version>.dist-info/` with WHEEL, METADATA (`metadata_text`, or a
// minimal Metadata-Version 2.1 one when empty; left out when !include_metadata) and a
// RECORD listing every member with its sha256. Deterministic: the same arguments give
// the same bytes. `distribution` should already be escaped ("demo_pkg").
std::string WriteTestWheel(std::string const& dir, std::string const& distribution,
                           std::string const& version, std::string const& metadata_text = "",
                           bool include_metadata = true);

// Writes a gzip'd tar archive (pax format) at `path` holding `members` (name, contents) as
// regular files, in that order, with a fixed timestamp. Returns `path` ("" and a test
// failure when it cannot).
std::string WriteTestTarGz(std::string const& path,
                           std::vector<std::pair<std::string, std::string>> const& members);

// Writes `<dir>/<distribution>-<version>.tar.gz` and returns its path ("" and a test
// failure when it cannot): an sdist whose one top-level folder `<distribution>-<version>/`
// holds PKG-INFO (`metadata_text`, or a minimal Metadata-Version 2.1 one when empty),
// pyproject.toml and `src/<distribution>/__init__.py`. Deterministic.
std::string WriteTestSdist(std::string const& dir, std::string const& distribution,
                           std::string const& version, std::string const& metadata_text = "");

}  // namespace stablecut::testing
