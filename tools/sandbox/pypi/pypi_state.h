#pragma once
// What the sandbox PyPI holds (projects, releases, files, upload attempts), and its
// storage as one JSON file under <state_dir>/pypi/, replaced atomically on every change.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/sandbox/pypi/upload_spool.h"

namespace stablecut::sandbox::pypi {

struct StoredFile {
  std::string filename;
  std::string path;  // under <state_dir>/pypi/files/: "<b2[0:2]>/<b2[2:4]>/<b2[4:]>/<filename>"
  std::string packagetype;     // bdist_wheel, sdist
  std::string python_version;  // the form's pyversion
  std::string comment_text;
  std::uint64_t size = 0;
  FileDigests digests;
  absl::Time upload_time;
};

struct StoredRelease {
  std::string version;    // str(Version) of the first upload's form version
  std::string canonical;  // canonicalize_version, how uploads find the release
  absl::Time created;
  // The form's metadata fields from the release's first upload: name -> values.
  std::map<std::string, std::vector<std::string>> metadata;
  std::vector<StoredFile> files;
};

struct StoredProject {
  std::string name;  // as registered by the latest upload's form `name`
  std::vector<StoredRelease> releases;
};

struct UploadAttempt {
  absl::Time time;
  std::string filename;  // "" when no file part arrived
  std::string identity;  // api-token, none, username-password (never the token)
  int status = 0;
  std::string message;
  std::string sha256;  // of the bytes received; "" when no file part arrived
};

struct PypiState {
  std::map<std::string, StoredProject> projects;  // by PEP 503 normalized name
  std::vector<UploadAttempt> attempts;
  std::int64_t serial = 0;  // bumped on every stored file (X-PyPI-Last-Serial)
};

nlohmann::json ToJson(PypiState const& state);
// INVALID_ARGUMENT naming what is malformed.
absl::StatusOr<PypiState> PypiStateFromJson(nlohmann::json const& json);

// Reads <pypi_dir>/index.json; an empty state when the file does not exist.
// FAILED_PRECONDITION naming the file when it cannot be read or parsed.
absl::StatusOr<PypiState> LoadPypiState(std::string const& pypi_dir);
// Writes <pypi_dir>/index.json through a temporary file and rename(2).
absl::Status SavePypiState(std::string const& pypi_dir, PypiState const& state);

// Creates `path` and its missing parents. FAILED_PRECONDITION naming it on failure.
absl::Status MakeDirectories(std::string const& path);

}  // namespace stablecut::sandbox::pypi
