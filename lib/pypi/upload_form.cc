// The form fields of a PyPI upload (POST /legacy/), built from a wheel as twine does.
#include "lib/pypi/upload_form.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace stablecut::pypi {
namespace {

// A METADATA header PyPI reads from the upload form, and the form field it goes in.
struct KnownField {
  char const* header;  // lowercase
  char const* form_name;
  bool repeated;
};

// Warehouse's forklift/metadata.py names; any other form name is silently ignored
// (docs/reference/pypi.md §3).
constexpr KnownField kKnownFields[] = {
    {"metadata-version", "metadata_version", false},
    {"name", "name", false},
    {"version", "version", false},
    {"summary", "summary", false},
    {"description", "description", false},
    {"description-content-type", "description_content_type", false},
    {"keywords", "keywords", false},
    {"home-page", "home_page", false},
    {"download-url", "download_url", false},
    {"author", "author", false},
    {"author-email", "author_email", false},
    {"maintainer", "maintainer", false},
    {"maintainer-email", "maintainer_email", false},
    {"license", "license", false},
    {"license-expression", "license_expression", false},
    {"requires-python", "requires_python", false},
    {"classifier", "classifiers", true},
    {"project-url", "project_urls", true},
    {"platform", "platform", true},
    {"supported-platform", "supported_platform", true},
    {"license-file", "license_file", true},
    {"requires-dist", "requires_dist", true},
    {"provides-dist", "provides_dist", true},
    {"obsoletes-dist", "obsoletes_dist", true},
    {"requires-external", "requires_external", true},
    {"provides-extra", "provides_extra", true},
    {"dynamic", "dynamic", true},
    {"requires", "requires", true},
    {"provides", "provides", true},
    {"obsoletes", "obsoletes", true},
};

KnownField const* FindKnownField(absl::string_view header) {
  for (auto const& field : kKnownFields) {
    if (absl::EqualsIgnoreCase(header, field.header)) return &field;
  }
  return nullptr;
}

// twine sends Name through re.sub("[^A-Za-z0-9.]+", "-", name).
std::string FormName(absl::string_view name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.') {
      out.push_back(c);
      in_run = false;
    } else if (!in_run) {
      out.push_back('-');
      in_run = true;
    }
  }
  return out;
}

// Keywords are one comma-separated header; twine sends them ", "-joined.
std::string FormKeywords(absl::string_view keywords) {
  std::vector<absl::string_view> words;
  for (absl::string_view word : absl::StrSplit(keywords, ',')) {
    word = absl::StripAsciiWhitespace(word);
    if (!word.empty()) words.push_back(word);
  }
  return absl::StrJoin(words, ", ");
}

// License-File is only read from Metadata-Version 2.4 on.
bool SendsLicenseFiles(absl::string_view metadata_version) {
  std::vector<absl::string_view> parts = absl::StrSplit(metadata_version, '.');
  int major = 0;
  int minor = 0;
  if (parts.size() < 2 || !absl::SimpleAtoi(parts[0], &major) ||
      !absl::SimpleAtoi(parts[1], &minor)) {
    return false;
  }
  return major > 2 || (major == 2 && minor >= 4);
}

absl::StatusOr<std::string> HexDigest(absl::string_view name, absl::string_view hex,
                                      size_t length) {
  bool ok = hex.size() == length && std::all_of(hex.begin(), hex.end(), [](char c) {
              return absl::ascii_isxdigit(static_cast<unsigned char>(c));
            });
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be ", length, " hex digits, got ", hex.size(), " characters"));
  }
  return absl::AsciiStrToLower(hex);
}

}  // namespace

absl::StatusOr<FileType> FileTypeOf(absl::string_view filename, wheel::Metadata const& metadata) {
  std::string const project = metadata.Get("Name");
  std::string const version = metadata.Get("Version");
  if (absl::EndsWith(filename, ".whl")) {
    auto wheel = wheel::ParseWheelFilename(filename);
    if (!wheel.ok()) return wheel.status();
    if (auto match = wheel::CheckWheelMatches(*wheel, project, version); !match.ok()) {
      return match;
    }
    return FileType{"bdist_wheel", absl::StrJoin(wheel->python_tags, ".")};
  }
  if (absl::EndsWith(filename, ".tar.gz")) {
    auto sdist = wheel::ParseSdistFilename(filename);
    if (!sdist.ok()) return sdist.status();
    if (auto match = wheel::CheckSdistMatches(*sdist, project, version); !match.ok()) {
      return match;
    }
    return FileType{"sdist", "source"};
  }
  if (absl::EndsWith(filename, ".zip")) {
    return absl::InvalidArgumentError(absl::StrCat(
        absl::CHexEscape(filename), ": a .zip sdist, which PyPI no longer accepts (PEP 625); "
        "build the sdist as .tar.gz"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      absl::CHexEscape(filename), " is neither a wheel (.whl) nor an sdist (.tar.gz)"));
}

absl::StatusOr<FormFields> UploadFormFields(wheel::Metadata const& metadata,
                                            FileType const& type,
                                            absl::string_view sha256_hex,
                                            absl::string_view md5_hex) {
  for (char const* required : {"Metadata-Version", "Name", "Version"}) {
    if (absl::StripAsciiWhitespace(metadata.Get(required)).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the file's metadata has no ", required, "; PyPI requires it"));
    }
  }
  auto sha256 = HexDigest("sha256_digest", sha256_hex, 64);
  if (!sha256.ok()) return sha256.status();
  std::string md5;
  if (!md5_hex.empty()) {
    auto checked = HexDigest("md5_digest", md5_hex, 32);
    if (!checked.ok()) return checked.status();
    md5 = *std::move(checked);
  }
  bool const license_files = SendsLicenseFiles(metadata.Get("Metadata-Version"));

  FormFields fields;
  std::vector<KnownField const*> sent;
  auto add = [&fields](char const* form_name, std::string value) {
    if (value.empty() || value == "UNKNOWN") return;  // twine and warehouse drop these
    fields.emplace_back(form_name, std::move(value));
  };
  for (auto const& [header, value] : metadata.headers) {
    KnownField const* field = FindKnownField(header);
    if (field == nullptr) continue;
    if (!field->repeated) {
      if (std::find(sent.begin(), sent.end(), field) != sent.end()) continue;
      sent.push_back(field);
    }
    absl::string_view form_name = field->form_name;
    if (form_name == "license_file" && !license_files) continue;
    if (form_name == "name") {
      add(field->form_name, FormName(value));
    } else if (form_name == "keywords") {
      add(field->form_name, FormKeywords(value));
    } else if (form_name == "description") {
      add(field->form_name, metadata.description);
    } else {
      add(field->form_name, value);
    }
  }
  // Without a Description header the description is the body, after every header.
  if (metadata.GetAll("Description").empty()) {
    add("description", metadata.description);
  }
  add("pyversion", type.pyversion);
  add("filetype", type.filetype);
  add("sha256_digest", *std::move(sha256));
  add("md5_digest", std::move(md5));
  add(":action", "file_upload");
  add("protocol_version", "1");
  return fields;
}

}  // namespace stablecut::pypi
