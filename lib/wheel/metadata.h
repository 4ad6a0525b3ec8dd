#pragma once
// Core metadata (a wheel's .dist-info/METADATA): parsing it and reading it from a wheel.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/http/body.h"

namespace stablecut::wheel {

// Largest METADATA member read from a wheel. Real ones are kilobytes; long READMEs
// reach a few hundred. Checked against the member's stated size before reading.
inline constexpr uint64_t kMaxMetadataBytes = 4 * 1024 * 1024;

// Parsed core metadata: RFC 822 style headers in file order, and the description.
struct Metadata {
  // (name as written, value) pairs; repeated fields (Classifier, Requires-Dist) repeat.
  // A folded value keeps its lines joined by "\n", each stripped of its indentation.
  std::vector<std::pair<std::string, std::string>> headers;
  // The message body after the headers; when there is none, the Description header.
  std::string description;

  // The first value of header `name` (case-insensitive), "" when absent.
  std::string Get(absl::string_view name) const;
  // Every value of header `name` (case-insensitive), in file order.
  std::vector<std::string> GetAll(absl::string_view name) const;
};

// Parses METADATA text (LF or CRLF line ends). INVALID_ARGUMENT naming the line when a
// header line has no ":" or an empty or spaced name, or the text starts with a
// continuation line.
absl::StatusOr<Metadata> ParseMetadata(absl::string_view text);

// Reads and parses `<distribution>-<version>.dist-info/METADATA` from the wheel at
// `wheel_path`, named after the wheel's own filename; when that member is absent or the
// filename does not parse, the one top-level `*.dist-info/METADATA` instead. Streams
// from the file: only the central directory and that member are read.
// NOT_FOUND when there is no such file; INVALID_ARGUMENT naming the file when it is not
// a zip archive, holds no or several METADATA, or the member is larger than
// kMaxMetadataBytes or does not parse.
absl::StatusOr<Metadata> ReadWheelMetadata(std::string const& wheel_path);

// As ReadWheelMetadata, for a wheel held in memory (no filename: the one top-level
// `*.dist-info/METADATA` is read).
absl::StatusOr<Metadata> ReadWheelMetadataFromBuffer(absl::string_view zip_bytes);

// As ReadWheelMetadata, for a wheel read through `source` (a release asset read in ranges),
// with the same choice of member; `filename` is the wheel's own name ("demo_pkg-1.0-py3-none-
// any.whl") and names it in errors. Reads the end of the file, the central directory and
// that member only. A failure of the source keeps its code (UNAVAILABLE, …), so that a
// network error never reads as a bad wheel.
absl::StatusOr<Metadata> ReadWheelMetadataFromSource(http::RandomAccessSource& source,
                                                     std::string const& filename);

}  // namespace stablecut::wheel
