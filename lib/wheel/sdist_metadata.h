#pragma once
// Core metadata of an sdist: its top-level PKG-INFO, read from the .tar.gz as it streams.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/http/body.h"
#include "lib/wheel/metadata.h"

namespace stablecut::wheel {

// Reads and parses `<name>-<version>/PKG-INFO` from the sdist read through `source` (a
// release asset read in ranges), where `<name>-<version>` is `filename` without ".tar.gz"
// (the sdist format's one top-level directory). A gzip'd tar can only be read from its
// start, so this reads until that member ends: little of the file when PKG-INFO comes first
// (setuptools), all of it when it comes last (hatchling, flit); memory stays bounded either
// way. Other PKG-INFO files (an `.egg-info/PKG-INFO` deeper down) are not it.
// INVALID_ARGUMENT naming the file when it is not a gzip'd tar, holds no such member, the
// member is larger than kMaxMetadataBytes or does not parse. A failure of the source keeps
// its code (UNAVAILABLE, ...), so that a network error never reads as a bad sdist.
absl::StatusOr<Metadata> ReadSdistMetadataFromSource(http::RandomAccessSource& source,
                                                     std::string const& filename);

// As ReadSdistMetadataFromSource, for an sdist held in memory and named `filename`.
absl::StatusOr<Metadata> ReadSdistMetadataFromBuffer(absl::string_view tar_gz_bytes,
                                                     std::string const& filename);

}  // namespace stablecut::wheel
