#pragma once
// Read-only access to the members of a zip archive (a wheel), one member at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/http/body.h"

struct zip;  // libzip's archive handle; <zip.h> stays in zip_archive.cc

namespace stablecut::wheel {

// An open zip archive. Only the central directory is held in memory; members are read
// on demand. Move-only; not thread-safe.
class ZipArchive {
 public:
  // Opens the file at `path`, checking the archive's consistency. NOT_FOUND when there
  // is no such file; INVALID_ARGUMENT naming the path when it is not a zip archive or
  // cannot be read.
  static absl::StatusOr<ZipArchive> OpenFile(std::string const& path);
  // Opens an archive held in memory; `bytes` must outlive the archive. Errors as
  // OpenFile, naming `label`.
  static absl::StatusOr<ZipArchive> OpenBuffer(absl::string_view bytes,
                                               std::string label = "zip buffer");

  // Opens an archive read through `source` (a remote file read in ranges), which must
  // outlive the archive. Only what is needed is read: the end of the file, the central
  // directory, and later the members asked for; the stricter consistency check of OpenFile is
  // skipped because it reads every member's local header. Errors as OpenFile, naming
  // `label`, except that a failure of the source itself keeps its code (UNAVAILABLE,
  // DEADLINE_EXCEEDED, …) and message, here and in ReadMember.
  static absl::StatusOr<ZipArchive> OpenSource(http::RandomAccessSource& source,
                                               std::string label);

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  // What errors call the archive: its path or label.
  std::string const& label() const { return label_; }

  // Member names in central-directory order.
  std::vector<std::string> MemberNames() const;
  bool Contains(absl::string_view name) const;

  // The uncompressed contents of member `name`. NOT_FOUND when absent; INVALID_ARGUMENT
  // when its stated size exceeds `max_bytes` (checked before reading anything), when it
  // holds more than it states, or when it cannot be decompressed (bad CRC included).
  // Reads in chunks straight from the archive.
  absl::StatusOr<std::string> ReadMember(absl::string_view name, uint64_t max_bytes) const;

 private:
  struct Closer {
    void operator()(zip* archive) const;
  };
  struct SourceState;  // what libzip's callback for OpenSource works on
  ZipArchive(std::unique_ptr<zip, Closer> archive, std::string label,
             std::unique_ptr<SourceState> source_state = nullptr);
  // The source's own error when a libzip failure came from it.
  absl::Status SourceError(std::string const& what) const;

  // Before archive_: libzip's source callback uses it until zip_discard returns.
  std::unique_ptr<SourceState> source_state_;
  std::unique_ptr<zip, Closer> archive_;
  std::string label_;
};

}  // namespace stablecut::wheel
