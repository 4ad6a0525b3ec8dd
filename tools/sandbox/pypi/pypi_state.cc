// Converts the sandbox PyPI's state to and from JSON and keeps it on disk.
#include "tools/sandbox/pypi/pypi_state.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

using nlohmann::json;

std::string TimeToJson(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

absl::Time TimeFromJson(json const& value) {
  absl::Time time;
  std::string error;
  if (!value.is_string() ||
      !absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", value.get<std::string>(), &time, &error)) {
    return absl::UnixEpoch();
  }
  return time;
}

std::string String(json const& object, char const* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

json FileToJson(StoredFile const& file) {
  return {{"filename", file.filename},
          {"path", file.path},
          {"packagetype", file.packagetype},
          {"python_version", file.python_version},
          {"comment_text", file.comment_text},
          {"size", file.size},
          {"md5", file.digests.md5},
          {"sha256", file.digests.sha256},
          {"blake2_256", file.digests.blake2_256},
          {"upload_time", TimeToJson(file.upload_time)}};
}

StoredFile FileFromJson(json const& j) {
  StoredFile file;
  file.filename = String(j, "filename");
  file.path = String(j, "path");
  file.packagetype = String(j, "packagetype");
  file.python_version = String(j, "python_version");
  file.comment_text = String(j, "comment_text");
  file.size = j.value("size", std::uint64_t{0});
  file.digests.md5 = String(j, "md5");
  file.digests.sha256 = String(j, "sha256");
  file.digests.blake2_256 = String(j, "blake2_256");
  file.upload_time = TimeFromJson(j.value("upload_time", json()));
  return file;
}

}  // namespace

json ToJson(PypiState const& state) {
  json projects = json::object();
  for (auto const& [normalized, project] : state.projects) {
    json releases = json::array();
    for (auto const& release : project.releases) {
      json files = json::array();
      for (auto const& file : release.files) files.push_back(FileToJson(file));
      releases.push_back({{"version", release.version},
                          {"canonical", release.canonical},
                          {"created", TimeToJson(release.created)},
                          {"metadata", release.metadata},
                          {"files", files}});
    }
    projects[normalized] = {{"name", project.name}, {"releases", releases}};
  }
  json attempts = json::array();
  for (auto const& attempt : state.attempts) {
    attempts.push_back({{"time", TimeToJson(attempt.time)},
                        {"filename", attempt.filename},
                        {"identity", attempt.identity},
                        {"status", attempt.status},
                        {"message", attempt.message},
                        {"sha256", attempt.sha256}});
  }
  return {{"serial", state.serial}, {"projects", projects}, {"uploads", attempts}};
}

absl::StatusOr<PypiState> PypiStateFromJson(json const& j) {
  if (!j.is_object() || !j.value("projects", json::object()).is_object() ||
      !j.value("uploads", json::array()).is_array()) {
    return absl::InvalidArgumentError("pypi state: expected an object with \"projects\" "
                                      "(object) and \"uploads\" (array)");
  }
  PypiState state;
  state.serial = j.value("serial", std::int64_t{0});
  json const projects = j.value("projects", json::object());  // items() needs a live object
  for (auto const& [normalized, p] : projects.items()) {
    StoredProject project;
    project.name = String(p, "name");
    for (auto const& r : p.value("releases", json::array())) {
      StoredRelease release;
      release.version = String(r, "version");
      release.canonical = String(r, "canonical");
      release.created = TimeFromJson(r.value("created", json()));
      auto metadata = r.value("metadata", json::object());
      for (auto const& [key, values] : metadata.items()) {
        if (!values.is_array()) continue;
        for (auto const& value : values) {
          if (value.is_string()) release.metadata[key].push_back(value.get<std::string>());
        }
      }
      for (auto const& f : r.value("files", json::array())) {
        release.files.push_back(FileFromJson(f));
      }
      project.releases.push_back(std::move(release));
    }
    state.projects[normalized] = std::move(project);
  }
  for (auto const& a : j.value("uploads", json::array())) {
    UploadAttempt attempt;
    attempt.time = TimeFromJson(a.value("time", json()));
    attempt.filename = String(a, "filename");
    attempt.identity = String(a, "identity");
    attempt.status = a.value("status", 0);
    attempt.message = String(a, "message");
    attempt.sha256 = String(a, "sha256");
    state.attempts.push_back(std::move(attempt));
  }
  return state;
}

absl::StatusOr<PypiState> LoadPypiState(std::string const& pypi_dir) {
  std::string path = pypi_dir + "/index.json";
  if (access(path.c_str(), F_OK) != 0 && errno == ENOENT) return PypiState{};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::stringstream text;
  text << in.rdbuf();
  json parsed = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not valid JSON; remove it to start with an empty PyPI"));
  }
  auto state = PypiStateFromJson(parsed);
  if (!state.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", state.status().message()));
  }
  return state;
}

absl::Status SavePypiState(std::string const& pypi_dir, PypiState const& state) {
  std::string path = pypi_dir + "/index.json";
  std::string temporary = path + ".tmp";
  std::string text = ToJson(state).dump(1);
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  bool ok = out != nullptr && std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (out != nullptr) {
    ok = std::fflush(out) == 0 && fsync(fileno(out)) == 0 && ok;
    ok = std::fclose(out) == 0 && ok;
  }
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status MakeDirectories(std::string const& path) {
  for (std::size_t slash = 1; slash != std::string::npos;) {
    slash = path.find('/', slash + 1);
    std::string prefix = path.substr(0, slash);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create directory ", prefix, ": ", std::strerror(errno)));
    }
  }
  return absl::OkStatus();
}

}  // namespace stablecut::sandbox::pypi
