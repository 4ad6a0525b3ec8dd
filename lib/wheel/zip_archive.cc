// Read-only access to the members of a zip archive (a wheel), one member at a time.
#include "lib/wheel/zip_archive.h"

#include <zip.h>

#include <array>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stablecut::wheel {
namespace {

constexpr size_t kReadChunkBytes = 64 * 1024;

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

absl::Status OpenError(std::string const& label, zip_error_t* error) {
  int code = zip_error_code_zip(error);
  std::string text = zip_error_strerror(error);
  if (code == ZIP_ER_NOENT) {
    return absl::NotFoundError(absl::StrCat("cannot open ", label, ": no such file"));
  }
  if (code == ZIP_ER_NOZIP) {
    return absl::InvalidArgumentError(absl::StrCat(label, " is not a zip archive"));
  }
  if (code == ZIP_ER_INCONS) {
    return absl::InvalidArgumentError(absl::StrCat(label, " is not a valid zip archive: ", text));
  }
  return absl::InvalidArgumentError(absl::StrCat("cannot read ", label, ": ", text));
}

}  // namespace

void ZipArchive::Closer::operator()(zip* archive) const { zip_discard(archive); }

ZipArchive::ZipArchive(std::unique_ptr<zip, Closer> archive, std::string label)
    : archive_(std::move(archive)), label_(std::move(label)) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

absl::StatusOr<ZipArchive> ZipArchive::OpenFile(std::string const& path) {
  int code = ZIP_ER_OK;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    absl::Status status = OpenError(path, &error);
    zip_error_fini(&error);
    return status;
  }
  return ZipArchive(std::unique_ptr<zip, Closer>(archive), path);
}

absl::StatusOr<ZipArchive> ZipArchive::OpenBuffer(absl::string_view bytes, std::string label) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = nullptr;
  if (source != nullptr) {
    archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) zip_source_free(source);  // on success the archive owns it
  }
  absl::Status status = archive == nullptr ? OpenError(label, &error) : absl::OkStatus();
  zip_error_fini(&error);
  if (!status.ok()) return status;
  return ZipArchive(std::unique_ptr<zip, Closer>(archive), std::move(label));
}

std::vector<std::string> ZipArchive::MemberNames() const {
  std::vector<std::string> names;
  zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    char const* name = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0);
    if (name != nullptr) names.emplace_back(name);
  }
  return names;
}

bool ZipArchive::Contains(absl::string_view name) const {
  return zip_name_locate(archive_.get(), std::string(name).c_str(), 0) >= 0;
}

absl::StatusOr<std::string> ZipArchive::ReadMember(absl::string_view name,
                                                   uint64_t max_bytes) const {
  std::string const member(name);
  std::string const where = absl::StrCat("member \"", absl::CHexEscape(member), "\" of ", label_);
  zip_int64_t index = zip_name_locate(archive_.get(), member.c_str(), 0);
  if (index < 0) return absl::NotFoundError(absl::StrCat("no ", where));
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
      (stat.valid & ZIP_STAT_SIZE) == 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the size of ", where));
  }
  if (stat.size > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(where, " is too large: ", stat.size,
                                                   " bytes, at most ", max_bytes, " allowed"));
  }
  zip_file_t* file = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot open ", where, ": ", zip_error_strerror(zip_get_error(archive_.get()))));
  }
  std::string contents;
  contents.reserve(stat.size);
  std::array<char, kReadChunkBytes> chunk;
  absl::Status status;
  while (status.ok()) {
    zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
    if (n < 0) {
      status = absl::InvalidArgumentError(
          absl::StrCat("cannot read ", where, ": ", zip_file_strerror(file)));
    } else if (n == 0) {
      break;
    } else if (contents.size() + static_cast<uint64_t>(n) > stat.size) {
      // The central directory understated the size: never trust it past the cap.
      status = absl::InvalidArgumentError(
          absl::StrCat(where, " holds more than the ", stat.size, " bytes it states"));
    } else {
      contents.append(chunk.data(), static_cast<size_t>(n));
    }
  }
  int close_code = zip_fclose(file);
  if (status.ok() && close_code != 0) {
    status = absl::InvalidArgumentError(
        absl::StrCat("cannot read ", where, ": ", ZipErrorText(close_code)));
  }
  if (!status.ok()) return status;
  return contents;
}

}  // namespace stablecut::wheel
