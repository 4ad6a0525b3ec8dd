#include "lib/wheel/sdist_metadata.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace stablecut::wheel {
namespace {

// How much of the sdist is asked for at a time: one range request per piece.
constexpr std::size_t kReadPiece = 256 * 1024;

class BufferSource : public http::RandomAccessSource {
 public:
  explicit BufferSource(absl::string_view bytes) : bytes_(bytes) {}
  absl::StatusOr<std::size_t> ReadAt(std::int64_t offset, char* buffer,
                                     std::size_t size) override {
    if (offset < 0 || static_cast<std::size_t>(offset) >= bytes_.size()) return 0;
    absl::string_view piece = bytes_.substr(static_cast<std::size_t>(offset), size);
    std::copy(piece.begin(), piece.end(), buffer);
    return piece.size();
  }
  std::int64_t size() const override { return static_cast<std::int64_t>(bytes_.size()); }

 private:
  absl::string_view bytes_;
};

// libarchive pulls the file through this, front to back; a source failure is kept so that
// it is reported with its own code rather than as a corrupt archive.
struct SequentialReader {
  explicit SequentialReader(http::RandomAccessSource& from) : source(from) {}

  http::RandomAccessSource& source;
  std::int64_t offset = 0;
  std::vector<char> piece = std::vector<char>(kReadPiece);
  absl::Status failure;

  static la_ssize_t Read(struct archive* archive, void* self, const void** buffer) {
    auto* reader = static_cast<SequentialReader*>(self);
    auto got = reader->source.ReadAt(reader->offset, reader->piece.data(), reader->piece.size());
    if (!got.ok()) {
      reader->failure = got.status();
      archive_set_error(archive, EIO, "the source failed");
      return -1;
    }
    reader->offset += static_cast<std::int64_t>(*got);
    *buffer = reader->piece.data();
    return static_cast<la_ssize_t>(*got);
  }
};

struct ArchiveDeleter {
  void operator()(struct archive* archive) const { archive_read_free(archive); }
};

absl::Status Invalid(std::string const& filename, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("sdist ", absl::CHexEscape(filename), ": ", why));
}

}  // namespace

absl::StatusOr<Metadata> ReadSdistMetadataFromSource(http::RandomAccessSource& source,
                                                     std::string const& filename) {
  absl::string_view stem = filename;
  if (!absl::ConsumeSuffix(&stem, ".tar.gz") || stem.empty()) {
    return Invalid(filename, "the name does not end in \".tar.gz\"");
  }
  std::string const wanted = absl::StrCat(stem, "/PKG-INFO");

  std::unique_ptr<struct archive, ArchiveDeleter> archive(archive_read_new());
  if (!archive) return absl::ResourceExhaustedError("libarchive: out of memory");
  archive_read_support_filter_gzip(archive.get());
  archive_read_support_format_tar(archive.get());
  SequentialReader reader(source);
  auto failed = [&](absl::string_view doing) -> absl::Status {
    if (!reader.failure.ok()) {
      return absl::Status(reader.failure.code(),
                          absl::StrCat("reading ", filename, ": ", reader.failure.message()));
    }
    char const* error = archive_error_string(archive.get());
    return Invalid(filename, absl::StrCat("not a gzip'd tar archive (", doing, ": ",
                                          error != nullptr ? error : "unknown error", ")"));
  };
  if (archive_read_open(archive.get(), &reader, nullptr, SequentialReader::Read, nullptr) !=
      ARCHIVE_OK) {
    return failed("opening it");
  }
  struct archive_entry* entry = nullptr;
  while (true) {
    int next = archive_read_next_header(archive.get(), &entry);
    if (next == ARCHIVE_EOF) break;
    if (next < ARCHIVE_WARN) return failed("reading a member's header");
    char const* path = archive_entry_pathname(entry);
    absl::string_view name = path != nullptr ? path : "";
    absl::ConsumePrefix(&name, "./");
    if (name != wanted || archive_entry_filetype(entry) != AE_IFREG) continue;
    if (archive_entry_size(entry) < 0 ||
        static_cast<uint64_t>(archive_entry_size(entry)) > kMaxMetadataBytes) {
      return Invalid(filename, absl::StrCat(wanted, " is ", archive_entry_size(entry),
                                            " bytes, over the limit of ", kMaxMetadataBytes));
    }
    std::string text(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    std::size_t filled = 0;
    while (filled < text.size()) {
      la_ssize_t got = archive_read_data(archive.get(), text.data() + filled, text.size() - filled);
      if (got < 0) return failed(absl::StrCat("reading ", wanted));
      if (got == 0) break;
      filled += static_cast<std::size_t>(got);
    }
    if (filled != text.size()) return Invalid(filename, absl::StrCat(wanted, " is cut short"));
    auto metadata = ParseMetadata(text);
    if (!metadata.ok()) {
      return Invalid(filename, absl::StrCat(wanted, ": ", metadata.status().message()));
    }
    return metadata;
  }
  return Invalid(filename, absl::StrCat("holds no ", wanted,
                                        " (an sdist's metadata, in its one top-level folder)"));
}

absl::StatusOr<Metadata> ReadSdistMetadataFromBuffer(absl::string_view tar_gz_bytes,
                                                     std::string const& filename) {
  BufferSource source(tar_gz_bytes);
  return ReadSdistMetadataFromSource(source, filename);
}

}  // namespace stablecut::wheel
