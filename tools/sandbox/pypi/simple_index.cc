// Renders the PEP 503 / PEP 691 simple index from the stored projects.
#include "tools/sandbox/pypi/simple_index.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/wheel/wheel_filename.h"
#include "tools/sandbox/pypi/json_api.h"

namespace stablecut::sandbox::pypi {
namespace {

using nlohmann::json;

constexpr absl::string_view kHtml = "text/html";
constexpr absl::string_view kHtmlV1 = "application/vnd.pypi.simple.v1+html";
constexpr absl::string_view kJsonV1 = "application/vnd.pypi.simple.v1+json";
constexpr absl::string_view kApiVersion = "1.4";

// The q the Accept header gives `offer`, from its most specific matching range.
double Quality(absl::string_view accept, absl::string_view offer) {
  double best = 0;
  int best_specificity = -1;
  std::string offer_type(offer.substr(0, offer.find('/')));
  for (absl::string_view range : absl::StrSplit(accept, ',')) {
    std::vector<absl::string_view> params = absl::StrSplit(range, ';');
    std::string media = absl::AsciiStrToLower(absl::StripAsciiWhitespace(params[0]));
    double q = 1;
    for (std::size_t i = 1; i < params.size(); ++i) {
      auto param = absl::StripAsciiWhitespace(params[i]);
      if (absl::StartsWith(param, "q=") && !absl::SimpleAtod(param.substr(2), &q)) q = 0;
    }
    int specificity = media == offer ? 2 : media == offer_type + "/*" ? 1 : media == "*/*" ? 0
                                                                                           : -1;
    if (specificity > best_specificity) {
      best_specificity = specificity;
      best = q;
    }
  }
  return best;
}

std::string RequiresPython(StoredProject const&, StoredRelease const& release) {
  auto it = release.metadata.find("requires_python");
  return it == release.metadata.end() || it->second.empty() ? "" : it->second.front();
}

std::string Iso(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

}  // namespace

std::string NegotiateSimpleContentType(absl::string_view accept) {
  if (absl::StripAsciiWhitespace(accept).empty()) return std::string(kHtml);
  absl::string_view chosen = kHtml;
  double chosen_q = 0;
  for (absl::string_view offer : {kHtml, kHtmlV1, kJsonV1}) {
    double q = Quality(accept, offer);
    if (q > chosen_q) {
      chosen = offer;
      chosen_q = q;
    }
  }
  return std::string(chosen);
}

RenderedPage RenderSimpleIndex(PypiState const& state, absl::string_view content_type,
                               absl::string_view base_url) {
  if (content_type == kJsonV1) {
    json projects = json::array();
    for (auto const& [normalized, project] : state.projects) {
      projects.push_back({{"name", project.name}, {"_last-serial", state.serial}});
    }
    json page = {{"meta", {{"api-version", kApiVersion}, {"_last-serial", state.serial}}},
                 {"projects", projects}};
    return {std::string(content_type), page.dump()};
  }
  std::string body = absl::StrCat(
      "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" "
      "content=\"",
      kApiVersion, "\">\n    <title>Simple index</title>\n  </head>\n  <body>\n");
  for (auto const& [normalized, project] : state.projects) {
    absl::StrAppend(&body, "    <a href=\"", base_url, "/simple/", normalized, "/\">",
                    EscapeHtml(project.name), "</a>\n");
  }
  absl::StrAppend(&body, "  </body>\n</html>\n<!--SERIAL ", state.serial, "-->");
  return {std::string(content_type), body};
}

RenderedPage RenderSimpleProject(StoredProject const& project, std::int64_t serial,
                                 absl::string_view content_type, absl::string_view base_url) {
  if (content_type == kJsonV1) {
    json versions = json::array();
    json files = json::array();
    for (auto const& release : project.releases) {
      versions.push_back(release.version);
      std::string requires_python = RequiresPython(project, release);
      for (auto const& file : release.files) {
        files.push_back({{"filename", file.filename},
                         {"url", FileUrl(base_url, file)},
                         {"hashes", {{"sha256", file.digests.sha256}}},
                         {"requires-python",
                          requires_python.empty() ? json(nullptr) : json(requires_python)},
                         {"size", file.size},
                         {"upload-time", Iso(file.upload_time)},
                         {"yanked", false},
                         {"data-dist-info-metadata", false},
                         {"core-metadata", false},
                         {"provenance", nullptr}});
      }
    }
    json page = {{"meta", {{"api-version", kApiVersion}, {"_last-serial", serial}}},
                 {"name", wheel::NormalizeProjectName(project.name)},
                 {"project-status", {{"status", "active"}}},
                 {"versions", versions},
                 {"files", files}};
    return {std::string(content_type), page.dump()};
  }
  std::string name = EscapeHtml(project.name);
  std::string body = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head>\n<meta name=\"pypi:repository-version\" "
      "content=\"",
      kApiVersion, "\">\n<title>Links for ", name, "</title></head>\n<body><h1>Links for ",
      name, "</h1>\n");
  for (auto const& release : project.releases) {
    std::string requires_python = RequiresPython(project, release);
    for (auto const& file : release.files) {
      absl::StrAppend(&body, "<a href=\"", EscapeHtml(FileUrl(base_url, file)), "#sha256=",
                      file.digests.sha256, "\"");
      if (!requires_python.empty()) {
        absl::StrAppend(&body, " data-requires-python=\"", EscapeHtml(requires_python), "\"");
      }
      absl::StrAppend(&body, ">", EscapeHtml(file.filename), "</a><br />\n");
    }
  }
  absl::StrAppend(&body, "</body></html>\n<!--SERIAL ", serial, "-->");
  return {std::string(content_type), body};
}

}  // namespace stablecut::sandbox::pypi
