// Read-only access to the members of a zip archive (a wheel), one member at a time.
#include "lib/wheel/zip_archive.h"

#include <zip.h>

#include <array>
#include <cerrno>
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

// libzip's view of an http::RandomAccessSource: a seekable, read-only source.
struct ZipArchive::SourceState {
  http::RandomAccessSource* source = nullptr;
  zip_uint64_t position = 0;
  zip_error_t error;
  absl::Status source_error;  // the last ReadAt failure, which libzip can only call EIO

  explicit SourceState(http::RandomAccessSource& s) : source(&s) { zip_error_init(&error); }
  ~SourceState() { zip_error_fini(&error); }
  SourceState(SourceState const&) = delete;
  SourceState& operator=(SourceState const&) = delete;

  static zip_int64_t Callback(void* self, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    return static_cast<SourceState*>(self)->Handle(data, length, command);
  }

  zip_int64_t Handle(void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto const size = static_cast<zip_uint64_t>(source->size());
    switch (command) {
      case ZIP_SOURCE_OPEN:
        position = 0;
        return 0;
      case ZIP_SOURCE_READ: {
        auto read = source->ReadAt(static_cast<int64_t>(position), static_cast<char*>(data),
                                   static_cast<size_t>(length));
        if (!read.ok()) {
          source_error = read.status();
          zip_error_set(&error, ZIP_ER_READ, EIO);
          return -1;
        }
        position += *read;
        return static_cast<zip_int64_t>(*read);
      }
      case ZIP_SOURCE_CLOSE:
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* stat = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, length, &error);
        if (stat == nullptr) return -1;
        zip_stat_init(stat);
        stat->size = size;
        stat->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_SEEK: {
        zip_int64_t next = zip_source_seek_compute_offset(position, size, data, length, &error);
        if (next < 0) return -1;
        position = static_cast<zip_uint64_t>(next);
        return 0;
      }
      case ZIP_SOURCE_TELL:
        return static_cast<zip_int64_t>(position);
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&error, data, length);
      case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_SEEKABLE;
      case ZIP_SOURCE_FREE:
        return 0;  // the ZipArchive owns this state
      default:
        zip_error_set(&error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }
};

void ZipArchive::Closer::operator()(zip* archive) const { zip_discard(archive); }

ZipArchive::ZipArchive(std::unique_ptr<zip, Closer> archive, std::string label,
                       std::unique_ptr<SourceState> source_state)
    : source_state_(std::move(source_state)),
      archive_(std::move(archive)),
      label_(std::move(label)) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
// Not defaulted: members are assigned in declaration order, which would free our source
// state before zip_discard of our archive calls back into it.
ZipArchive& ZipArchive::operator=(ZipArchive&& other) noexcept {
  if (this != &other) {
    archive_ = std::move(other.archive_);
    source_state_ = std::move(other.source_state_);
    label_ = std::move(other.label_);
  }
  return *this;
}
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

absl::StatusOr<ZipArchive> ZipArchive::OpenSource(http::RandomAccessSource& source,
                                                   std::string label) {
  auto state = std::make_unique<SourceState>(source);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* zip_source = zip_source_function_create(&SourceState::Callback, state.get(), &error);
  zip_t* archive = nullptr;
  if (zip_source != nullptr) {
    // No ZIP_CHECKCONS: it reads every member's local header, a range request each.
    archive = zip_open_from_source(zip_source, ZIP_RDONLY, &error);
    if (archive == nullptr) zip_source_free(zip_source);  // on success the archive owns it
  }
  absl::Status status;
  if (archive == nullptr) {
    status = state->source_error.ok()
                 ? OpenError(label, &error)
                 : absl::Status(state->source_error.code(),
                                absl::StrCat("cannot read ", label, ": ",
                                             state->source_error.message()));
  }
  zip_error_fini(&error);
  if (!status.ok()) return status;
  return ZipArchive(std::unique_ptr<zip, Closer>(archive), std::move(label), std::move(state));
}

absl::Status ZipArchive::SourceError(std::string const& what) const {
  if (source_state_ == nullptr || source_state_->source_error.ok()) return absl::OkStatus();
  absl::Status const& error = source_state_->source_error;
  return absl::Status(error.code(), absl::StrCat("cannot read ", what, ": ", error.message()));
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
  // A source error from an earlier call is history: only one from this read counts.
  if (source_state_ != nullptr) source_state_->source_error = absl::OkStatus();
  zip_file_t* file = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    if (auto source = SourceError(where); !source.ok()) return source;
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
  if (auto source = SourceError(where); !status.ok() && !source.ok()) return source;
  if (!status.ok()) return status;
  return contents;
}

}  // namespace stablecut::wheel
