#pragma once
// Loads a text-format protobuf config file and names file, line and field in every error.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace stablecut::config {

// A parsed config file: remembers where each field was written, so that a value found bad
// after parsing is reported at its line.
class ConfigFile {
 public:
  // Reads `path` and parses it into `message` (which is cleared first). Errors are
  // INVALID_ARGUMENT with one line "path:line:column: what", or "path: what" when the file
  // cannot be read. Unknown fields are errors.
  static absl::StatusOr<ConfigFile> Load(std::string const& path,
                                         google::protobuf::Message& message);

  ConfigFile(ConfigFile&&) noexcept;
  ConfigFile& operator=(ConfigFile&&) noexcept;
  ~ConfigFile();

  std::string const& path() const { return path_; }

  // An INVALID_ARGUMENT error "path:line: field_path: detail" for the field at `field_path`
  // ("server.acl[1].method"; a repeated field without an index means its first element).
  // When the field was not written in the file, the line is the nearest written parent's,
  // or absent.
  absl::Status FieldError(absl::string_view field_path, absl::string_view detail) const;

 private:
  struct Locations;
  ConfigFile(std::string path, google::protobuf::Message const& message,
             std::unique_ptr<Locations> locations);

  std::string path_;
  google::protobuf::Message const* message_;
  std::unique_ptr<Locations> locations_;
};

}  // namespace stablecut::config
