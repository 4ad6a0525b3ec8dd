// The second half of warehouse's file_upload: project, release, filename, size, digest,
// duplicate, archive and wheel checks, then storing the file.
#include "tools/sandbox/pypi/upload_processor.h"

#include <cstdio>
#include <regex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "lib/wheel/wheel_filename.h"
#include "lib/wheel/zip_archive.h"
#include "tools/sandbox/pypi/repr.h"
#include "tools/sandbox/pypi/wheel_name_rules.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr absl::string_view kFileNameReuseHelp =
    "See https://pypi.org/help/#file-name-reuse for more information.";

UploadDecision Refuse(std::string message, int status = 400) {
  return UploadDecision{UploadError{status, std::move(message)}, false};
}

// Form fields that describe the file or the request rather than the release.
bool IsReleaseMetadata(absl::string_view field) {
  static auto const* not_metadata = new std::set<std::string>{
      ":action", "protocol_version", "pyversion", "filetype", "comment", "md5_digest",
      "sha256_digest", "blake2_256_digest", "attestations", "gpg_signature", "content"};
  return not_metadata->count(std::string(field)) == 0;
}

// Step 12: characters and extension of the filename.
std::optional<std::string> CheckFilename(absl::string_view filename,
                                         absl::string_view filetype) {
  for (char c : filename) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 32 || byte == 127) {
      return "Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL "
             "character (ordinal 127) in the name.";
    }
  }
  if (absl::StrContains(filename, "/") || absl::StrContains(filename, "\\")) {
    return "Cannot upload a file with '/' or '\\' in the name.";
  }
  static auto const* pattern = new std::regex(R"(^.+?\.(tar\.gz|zip|whl)$)", std::regex::icase);
  std::smatch m;
  std::string name(filename);
  if (!std::regex_match(name, m, *pattern)) {
    return "Invalid file extension: Use .tar.gz, .whl or .zip extension. See "
           "https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ "
           "for more information";
  }
  std::string extension = m[1].str();
  bool allowed = filetype == "bdist_wheel" ? extension == "whl"
                                           : extension == "tar.gz" || extension == "zip";
  if (!allowed) {
    return absl::StrCat("Invalid file extension: Extension ", extension,
                        " is invalid for filetype ", filetype,
                        ". See https://www.python.org/dev/peps/pep-0527 for more information.");
  }
  return std::nullopt;
}

// Step 15: every digest the client supplied matches the bytes received.
bool DigestsMatch(UploadForm const& form, FileDigests const& digests) {
  std::pair<char const*, std::string const*> supplied[] = {
      {"md5_digest", &digests.md5},
      {"sha256_digest", &digests.sha256},
      {"blake2_256_digest", &digests.blake2_256}};
  for (auto const& [field, actual] : supplied) {
    std::string value = absl::AsciiStrToLower(form.Get(field));
    if (!value.empty() && value != *actual) return false;
  }
  return true;
}

// `<name>-<version>` of `name-version-rest.whl`, as warehouse splits it for dist-info.
std::string DistInfoDirectory(absl::string_view filename) {
  std::vector<absl::string_view> parts = absl::StrSplit(filename, absl::MaxSplits('-', 2));
  if (parts.size() < 2) return absl::StrCat(filename, ".dist-info");
  return absl::StrCat(parts[0], "-", parts[1], ".dist-info");
}

// Step 22: the dist-info members warehouse requires, named after the filename.
std::optional<std::string> CheckWheelMembers(std::string const& path,
                                             absl::string_view filename) {
  auto archive = wheel::ZipArchive::OpenFile(path);
  if (!archive.ok()) return "Invalid distribution file. File is not a zipfile";
  std::string dist_info = DistInfoDirectory(filename);
  std::string wheel_file = absl::StrCat(dist_info, "/WHEEL");
  if (!archive->Contains(wheel_file)) {
    return absl::StrCat("Invalid distribution file. WHEEL not found at ", wheel_file);
  }
  std::string metadata = absl::StrCat(dist_info, "/METADATA");
  if (!archive->Contains(metadata)) {
    return absl::StrCat("Wheel ", Repr(filename),
                        " does not contain the required METADATA file: ", metadata);
  }
  return std::nullopt;
}

// Step 21: the wheel's name, version and platform tags against the project and form.
std::optional<std::string> CheckWheelName(absl::string_view filename,
                                          StoredProject const& project,
                                          absl::string_view normalized,
                                          Pep440Version const& version) {
  auto parsed = ParseWheelNameAsPackaging(filename);
  if (!parsed.ok()) return std::string(parsed.status().message());
  std::string prefix = absl::StrReplaceAll(normalized, {{"-", "_"}});
  if (parsed->name != normalized) {
    return absl::StrCat("Start filename for ", Repr(project.name), " with ", Repr(prefix),
                        ".");
  }
  if (ComparePep440(parsed->version, version) != 0) {
    return absl::StrCat("Version in filename should be ", Repr(ToString(version)), " not ",
                        Repr(ToString(parsed->version)), ".");
  }
  if (parsed->name_part != prefix) {
    return absl::StrCat("Filename ", Repr(filename),
                        " should contain the normalized project name ", Repr(prefix),
                        ", not ", Repr(parsed->name_part), ".");
  }
  for (auto const& platform : parsed->platform_tags) {
    if (!IsAllowedPlatformTag(platform)) {
      return absl::StrCat("Binary wheel ", Repr(filename),
                          " has an unsupported platform tag ", Repr(platform), ".");
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckSdistName(absl::string_view filename,
                                          absl::string_view normalized,
                                          Pep440Version const& version) {
  if (!absl::EndsWith(filename, ".tar.gz")) return std::nullopt;
  std::string expected = absl::StrCat(absl::StrReplaceAll(normalized, {{"-", "_"}}), "-",
                                      ToString(version), ".tar.gz");
  if (filename == expected) return std::nullopt;
  return absl::StrCat("Filename ", Repr(filename), " is invalid, should be ", Repr(expected),
                      ".");
}

std::uint64_t ProjectBytes(StoredProject const& project) {
  std::uint64_t total = 0;
  for (auto const& release : project.releases) {
    for (auto const& file : release.files) total += file.size;
  }
  return total;
}

StoredFile const* FindDuplicate(PypiState const& state, absl::string_view filename,
                                absl::string_view blake2) {
  for (auto const& [_, project] : state.projects) {
    for (auto const& release : project.releases) {
      for (auto const& file : release.files) {
        if (file.filename == filename || file.digests.blake2_256 == blake2) return &file;
      }
    }
  }
  return nullptr;
}

}  // namespace

UploadDecision ProcessUpload(UploadForm const& form, Pep440Version const& version,
                             PypiState& state, std::string const& files_dir, absl::Time now,
                             UploadLimits const& limits) {
  UploadedContent const& content = *form.content;
  std::string form_name = form.Get("name");
  std::string normalized = wheel::NormalizeProjectName(form_name);
  std::string filetype = form.Get("filetype");

  // Steps 6 and 11 work on a copy, committed only when the file is stored.
  StoredProject project;
  auto existing_project = state.projects.find(normalized);
  if (existing_project != state.projects.end()) project = existing_project->second;
  if (project.name.empty()) project.name = form_name;
  std::string canonical = CanonicalVersion(version);
  StoredRelease* release = nullptr;
  for (auto& candidate : project.releases) {
    if (candidate.canonical == canonical) release = &candidate;
  }
  bool new_release = release == nullptr;

  if (auto error = CheckFilename(content.filename, filetype)) return Refuse(*error);
  if (content.content_type.empty() || absl::StartsWith(content.content_type, "image/")) {
    return Refuse("Invalid distribution file.");
  }
  if (content.too_large) {
    return Refuse(absl::StrCat(
        "File too large. Limit for project ", Repr(project.name), " is ",
        limits.max_file_size / (1024 * 1024),
        " MB. See https://docs.pypi.org/project-management/storage-limits"
        "#requesting-a-file-size-limit-increase for more information."));
  }
  // Warehouse checks this while the file streams in, so it comes before the digest and
  // duplicate checks: even a byte-identical re-upload is refused once the project is full.
  if (ProjectBytes(project) + content.size > limits.max_project_size) {
    return Refuse(absl::StrCat(
        "Project size too large. Limit for project ", Repr(project.name), " total size is ",
        limits.max_project_size / (1024ULL * 1024 * 1024),
        " GB. See https://docs.pypi.org/project-management/storage-limits"
        "#requesting-a-project-size-limit-increase for more information."));
  }
  if (!DigestsMatch(form, content.digests)) {
    return Refuse("The digest supplied does not match a digest calculated from the "
                  "uploaded file.");
  }
  if (auto const* duplicate =
          FindDuplicate(state, content.filename, content.digests.blake2_256)) {
    if (duplicate->filename == content.filename &&
        duplicate->digests.sha256 == content.digests.sha256 &&
        duplicate->digests.blake2_256 == content.digests.blake2_256) {
      return UploadDecision{std::nullopt, true};
    }
    // Warehouse's comment: twine's --skip-existing relies on this prefix.
    return Refuse(absl::StrCat("File already exists (", Repr(content.filename),
                               ", with blake2_256 hash ", Repr(content.digests.blake2_256),
                               "). ", kFileNameReuseHelp));
  }
  if (!content.spooled) {
    // Only a re-upload of a stored file is not spooled, and it ends above; the store changed
    // meanwhile (e.g. a reseed). The client may send it again.
    return Refuse("Internal Server Error: the stored file changed during the upload; upload "
                  "again.", 500);
  }
  if (!new_release && release->created < now - absl::Hours(24 * 14)) {
    return Refuse("Uploading new files to releases older than 14 days is not allowed.");
  }
  if (!new_release && filetype == "sdist") {
    for (auto const& file : release->files) {
      if (file.packagetype == "sdist") return Refuse("Only one sdist may be uploaded per release.");
    }
  }
  bool is_wheel = absl::EndsWith(content.filename, ".whl");
  if (is_wheel) {
    // §4.1's order: a zip at all, then the name rules, then the dist-info members.
    if (!wheel::ZipArchive::OpenFile(content.spool_path).ok()) {
      return Refuse("Invalid distribution file. File is not a zipfile");
    }
    if (auto error = CheckWheelName(content.filename, project, normalized, version)) {
      return Refuse(*error);
    }
    if (auto error = CheckWheelMembers(content.spool_path, content.filename)) {
      return Refuse(*error);
    }
  } else if (auto error = CheckSdistName(content.filename, normalized, version)) {
    return Refuse(*error);
  }

  // Step 24: store the bytes where files.pythonhosted.org would, then the records.
  StoredFile file;
  file.filename = content.filename;
  auto const& b2 = content.digests.blake2_256;
  file.path = absl::StrCat(b2.substr(0, 2), "/", b2.substr(2, 2), "/", b2.substr(4), "/",
                           content.filename);
  file.packagetype = filetype;
  file.python_version = form.Get("pyversion").empty() ? "source" : form.Get("pyversion");
  file.comment_text = form.Get("comment");
  file.size = content.size;
  file.digests = content.digests;
  file.upload_time = now;
  std::string target = absl::StrCat(files_dir, "/", file.path);
  auto made = MakeDirectories(target.substr(0, target.rfind('/')));
  if (!made.ok() || std::rename(content.spool_path.c_str(), target.c_str()) != 0) {
    return Refuse("Internal Server Error: the sandbox could not store the file.", 500);
  }
  if (new_release) {
    StoredRelease created;
    created.version = ToString(version);
    created.canonical = canonical;
    created.created = now;
    for (auto const& [field, value] : form.fields) {
      if (IsReleaseMetadata(field)) created.metadata[field].push_back(value);
    }
    project.releases.push_back(std::move(created));
    release = &project.releases.back();
  }
  release->files.push_back(std::move(file));
  project.name = form_name;  // warehouse renames the project to the latest upload's name
  state.projects[normalized] = std::move(project);
  ++state.serial;
  return UploadDecision{};
}

}  // namespace stablecut::sandbox::pypi
