// Validates an upload form in warehouse's order and with its error texts.
#include "tools/sandbox/pypi/upload_form.h"

#include <algorithm>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tools/sandbox/pypi/repr.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr absl::string_view kCoreMetadataHelp =
    "See https://packaging.python.org/specifications/core-metadata for more information.";

UploadError BadRequest(std::string message) { return UploadError{400, std::move(message)}; }

// The message of a field with a description (a metadata field) in the form.
UploadError DescribedFieldError(absl::string_view value, absl::string_view description,
                                absl::string_view error) {
  std::string shown(value);
  if (shown.size() > 60) {
    shown = absl::StrCat(value.substr(0, 30), "...", value.substr(value.size() - 30));
  }
  return BadRequest(absl::StrCat(Repr(shown), " is an invalid value for ", description,
                                 ". Error: ", error, " ", kCoreMetadataHelp));
}

UploadError PlainFieldError(absl::string_view field, absl::string_view error) {
  return BadRequest(absl::StrCat("Invalid value for ", field, ". Error: ", error));
}

bool IsHexDigest(absl::string_view value) {
  static auto const* pattern = new std::regex("^[A-Fa-f0-9]{64}$");
  return std::regex_match(std::string(value), *pattern);
}

// Warehouse's project name pattern, ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ ignoring
// case, written out: std::regex matches it recursively, one stack frame per character,
// and a long name (the text fields may total kMaxTextFieldBytes) overflowed the stack.
bool IsProjectName(absl::string_view name) {
  auto alnum = [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); };
  if (name.empty() || !alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

// The form (UploadForm) step: field errors are reported name first, then by field name.
std::optional<UploadError> ValidateFields(UploadForm const& form) {
  std::string name = form.Get("name");
  if (name.empty()) return DescribedFieldError(name, "Name", "This field is required.");
  if (!IsProjectName(name)) {
    return DescribedFieldError(name, "Name",
                               "Start and end with a letter or numeral containing only "
                               "ASCII numeric and '.', '_' and '-'.");
  }
  std::string blake2 = form.Get("blake2_256_digest");
  if (!blake2.empty() && !IsHexDigest(blake2)) {
    return PlainFieldError("blake2_256_digest",
                           "Use a valid, hex-encoded, BLAKE2 message digest.");
  }
  std::string filetype = form.Get("filetype");
  if (filetype.empty()) return PlainFieldError("filetype", "This field is required.");
  if (filetype != "bdist_wheel" && filetype != "sdist") {
    return PlainFieldError("filetype", "Use a known file type.");
  }
  std::string pyversion = form.Get("pyversion");
  if (filetype != "sdist" && pyversion.empty()) {
    return PlainFieldError("pyversion",
                           "Python version is required for binary distribution uploads.");
  }
  if (filetype == "sdist" && !pyversion.empty() && pyversion != "source") {
    return PlainFieldError("pyversion", "Use 'source' as Python version for an sdist.");
  }
  std::string sha256 = form.Get("sha256_digest");
  if (!sha256.empty() && !IsHexDigest(sha256)) {
    return PlainFieldError("sha256_digest", "Use a valid, hex-encoded, SHA256 message digest.");
  }
  if (form.Get("md5_digest").empty() && sha256.empty() && blake2.empty()) {
    return BadRequest("Error: Include at least one message digest.");
  }
  return std::nullopt;
}

// The metadata step (packaging.metadata plus PyPI's rules), for the fields we check.
std::optional<UploadError> ValidateMetadata(UploadForm const& form, Pep440Version& version) {
  static auto const* known_versions =
      new std::set<std::string>{"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"};
  std::string metadata_version = form.Get("metadata_version");
  if (!form.Has("metadata_version")) {
    return BadRequest(absl::StrCat("None is not a valid metadata version. ", kCoreMetadataHelp));
  }
  if (known_versions->count(metadata_version) == 0) {
    return BadRequest(absl::StrCat(Repr(metadata_version), " is not a valid metadata version. ",
                                   kCoreMetadataHelp));
  }
  std::string text = form.Get("version");
  if (text.empty()) {
    return BadRequest(absl::StrCat("'version' is a required field. ", kCoreMetadataHelp));
  }
  auto parsed = ParsePep440(text);
  if (!parsed) {
    return BadRequest(
        absl::StrCat(Repr(text), " is invalid for 'version'. ", kCoreMetadataHelp));
  }
  if (!parsed->local.empty()) {
    return BadRequest(absl::StrCat(
        "The use of local versions in ", Repr(text),
        " is not allowed. See https://packaging.python.org/en/latest/specifications/"
        "version-specifiers/#local-version-identifiers for more information."));
  }
  std::string summary = form.Get("summary");
  if (summary.size() > 512) {
    return BadRequest(
        absl::StrCat("'summary' field must be 512 characters or less. ", kCoreMetadataHelp));
  }
  if (absl::StrContains(summary, "\n")) {
    return BadRequest(absl::StrCat("'summary' must be a single line. ", kCoreMetadataHelp));
  }
  version = *parsed;
  return std::nullopt;
}

}  // namespace

std::string UploadForm::Get(absl::string_view name) const {
  for (auto const& [key, value] : fields) {
    if (key == name) return value;
  }
  return "";
}

std::vector<std::string> UploadForm::GetAll(absl::string_view name) const {
  std::vector<std::string> values;
  for (auto const& [key, value] : fields) {
    auto stripped = absl::StripAsciiWhitespace(value);
    if (key == name && !stripped.empty()) values.emplace_back(stripped);
  }
  return values;
}

bool UploadForm::Has(absl::string_view name) const {
  for (auto const& field : fields) {
    if (field.first == name) return true;
  }
  return false;
}

void SanitizeForm(UploadForm& form) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (auto& [key, value] : form.fields) {
    if (absl::StripAsciiWhitespace(value) == "UNKNOWN") continue;
    kept.emplace_back(key, absl::StrReplaceAll(value, {{absl::string_view("\0", 1), "\\x00"}}));
  }
  form.fields = std::move(kept);
}

std::optional<UploadError> ValidateUploadForm(UploadForm& form, Pep440Version& version) {
  if (form.Has("protocol_version") && form.Get("protocol_version") != "1") {
    return BadRequest("Unknown protocol version.");
  }
  for (auto const& field : form.file_fields) {
    if (field != "gpg_signature") return BadRequest(absl::StrCat(field, ": Should not be a tuple."));
  }
  if (auto error = ValidateFields(form)) return error;
  if (auto error = ValidateMetadata(form, version)) return error;
  if (!form.content) return BadRequest("Upload payload does not have a file.");
  return std::nullopt;
}

}  // namespace stablecut::sandbox::pypi
