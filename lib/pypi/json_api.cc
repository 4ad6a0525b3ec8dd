// PyPI's JSON API: the files of one release, from GET /pypi/<project>/<version>/json.
#include "lib/pypi/json_api.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stablecut::pypi {
namespace {

using Json = nlohmann::json;

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("PyPI JSON API: ", what));
}

// The member `key` of `object`, or nullptr when absent or null.
Json const* Member(Json const& object, char const* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

absl::Status ReadString(Json const& entry, char const* key, std::string const& where, bool required,
                        std::string& out) {
  Json const* value = Member(entry, key);
  if (value == nullptr) {
    return required ? Invalid(absl::StrCat(where, ".", key, " is missing")) : absl::OkStatus();
  }
  if (!value->is_string()) return Invalid(absl::StrCat(where, ".", key, " is not a string"));
  out = value->get<std::string>();
  if (required && out.empty()) return Invalid(absl::StrCat(where, ".", key, " is empty"));
  return absl::OkStatus();
}

absl::Status ReadSha256(Json const& entry, std::string const& where, std::string& out) {
  Json const* digests = Member(entry, "digests");
  if (digests == nullptr || !digests->is_object()) {
    return Invalid(absl::StrCat(where, ".digests is missing or not an object"));
  }
  std::string const field = absl::StrCat(where, ".digests");
  if (auto status = ReadString(*digests, "sha256", field, true, out); !status.ok()) {
    return status;
  }
  bool hex = out.size() == 64 && std::all_of(out.begin(), out.end(), [](char c) {
               return absl::ascii_isxdigit(static_cast<unsigned char>(c));
             });
  if (!hex) return Invalid(absl::StrCat(field, ".sha256 is not 64 hex digits"));
  absl::AsciiStrToLower(&out);
  return absl::OkStatus();
}

absl::StatusOr<PypiFile> ParseFile(Json const& entry, std::string const& where) {
  if (!entry.is_object()) return Invalid(absl::StrCat(where, " is not an object"));
  PypiFile file;
  for (auto status : {
           ReadString(entry, "filename", where, true, file.filename),
           ReadSha256(entry, where, file.sha256),
           ReadString(entry, "packagetype", where, false, file.packagetype),
           ReadString(entry, "python_version", where, false, file.python_version),
           ReadString(entry, "upload_time", where, false, file.upload_time),
           ReadString(entry, "url", where, false, file.url),
       }) {
    if (!status.ok()) return status;
  }
  Json const* size = Member(entry, "size");
  if (size == nullptr || !size->is_number_integer() ||
      (size->is_number_unsigned() ? size->get<uint64_t>() > INT64_MAX : size->get<int64_t>() < 0)) {
    return Invalid(absl::StrCat(where, ".size is missing or not a non-negative integer"));
  }
  file.size = size->get<int64_t>();
  if (Json const* yanked = Member(entry, "yanked"); yanked != nullptr) {
    if (!yanked->is_boolean()) return Invalid(absl::StrCat(where, ".yanked is not a boolean"));
    file.yanked = yanked->get<bool>();
  }
  return file;
}

}  // namespace

absl::StatusOr<std::vector<PypiFile>> ParseReleaseFiles(absl::string_view json_body) {
  if (json_body.size() > kMaxJsonApiBodyBytes) {
    return Invalid(absl::StrCat("response of ", json_body.size(), " bytes is larger than the ",
                                kMaxJsonApiBodyBytes, " allowed"));
  }
  Json const document = Json::parse(json_body.begin(), json_body.end(), nullptr,
                                    /*allow_exceptions=*/false);
  if (document.is_discarded()) return Invalid("response is not valid JSON");
  if (!document.is_object()) return Invalid("response is not a JSON object");
  Json const* urls = Member(document, "urls");
  if (urls == nullptr || !urls->is_array()) {
    return Invalid("response has no \"urls\" array (is this a release's /json document?)");
  }
  std::vector<PypiFile> files;
  files.reserve(urls->size());
  for (size_t i = 0; i < urls->size(); ++i) {
    auto file = ParseFile((*urls)[i], absl::StrCat("urls[", i, "]"));
    if (!file.ok()) return file.status();
    files.push_back(*std::move(file));
  }
  return files;
}

absl::StatusOr<int64_t> ParseProjectBytes(absl::string_view json_body) {
  if (json_body.size() > kMaxJsonApiBodyBytes) {
    return Invalid(absl::StrCat("the project document is over ", kMaxJsonApiBodyBytes, " bytes"));
  }
  Json const document = Json::parse(json_body.begin(), json_body.end(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) return Invalid("the body is not a JSON object");
  Json const* releases = Member(document, "releases");
  if (releases == nullptr || !releases->is_object()) return Invalid("releases is not an object");
  int64_t total = 0;
  for (auto const& [version, files] : releases->items()) {
    if (!files.is_array()) return Invalid(absl::StrCat("releases[", version, "] is not an array"));
    for (std::size_t i = 0; i < files.size(); ++i) {
      Json const* size = files[i].is_object() ? Member(files[i], "size") : nullptr;
      if (size == nullptr || !size->is_number_integer() || size->get<int64_t>() < 0) {
        return Invalid(absl::StrCat("releases[", version, "][", i,
                                    "].size is not a non-negative integer"));
      }
      total += size->get<int64_t>();
    }
  }
  return total;
}

}  // namespace stablecut::pypi
