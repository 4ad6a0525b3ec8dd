#include "services/publisher/publish_plan.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/wheel/wheel_filename.h"

namespace stablecut::publisher {
namespace {

bool Passed(v1::Check const& check) {
  if (check.outcome() == v1::Check::OUTCOME_UNSPECIFIED) return check.passed();
  return check.outcome() == v1::Check::OUTCOME_PASS;
}

bool IsHex64(absl::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isxdigit(c); });
}

absl::Status Refuse(std::string const& filename, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("pre-flight: ", filename, ": ", why, "; nothing was uploaded"));
}

// "2026-11-30T12:00:00" (the JSON API's upload_time, UTC).
bool ParseUploadTime(std::string const& text, absl::Time* time) {
  std::string error;
  return absl::ParseTime("%Y-%m-%dT%H:%M:%S", text, absl::UTCTimeZone(), time, &error) ||
         absl::ParseTime(absl::RFC3339_full, text, time, &error);
}

struct Distribution {
  std::string project;  // PEP 503-normalized
  bool is_sdist = false;
};

// What a release asset is: a wheel or a `.tar.gz` sdist of `version`, with the reason when
// it is neither (a `.zip` sdist is refused: PEP 625 made `.tar.gz` the only sdist format
// PyPI takes).
absl::StatusOr<Distribution> IdentifyDistribution(std::string const& name,
                                                  std::string const& version) {
  auto not_of_version = [&](absl::Status const& match) {
    return absl::FailedPreconditionError(
        absl::StrCat("not of version ", version, ": ", match.message()));
  };
  if (absl::EndsWith(name, ".zip")) {
    return absl::FailedPreconditionError(
        "a .zip sdist: PyPI takes sdists as .tar.gz only (PEP 625)");
  }
  if (absl::EndsWith(name, ".tar.gz")) {
    auto sdist = wheel::ParseSdistFilename(name);
    if (!sdist.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("not an sdist: ", sdist.status().message()));
    }
    Distribution found{wheel::NormalizeProjectName(sdist->distribution), true};
    if (auto match = wheel::CheckSdistMatches(*sdist, found.project, version); !match.ok()) {
      return not_of_version(match);
    }
    return found;
  }
  auto wheel = wheel::ParseWheelFilename(name);
  if (!wheel.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("neither a wheel nor an sdist: ", wheel.status().message()));
  }
  Distribution found{wheel::NormalizeProjectName(wheel->distribution), false};
  if (auto match = wheel::CheckWheelMatches(*wheel, found.project, version); !match.ok()) {
    return not_of_version(match);
  }
  return found;
}

}  // namespace

std::string CheckOutcomeName(v1::Check const& check) {
  switch (check.outcome()) {
    case v1::Check::OUTCOME_PASS:
      return "PASS";
    case v1::Check::OUTCOME_FAIL:
      return "FAIL";
    case v1::Check::OUTCOME_INCONCLUSIVE:
      return "INCONCLUSIVE";
    default:
      return check.passed() ? "PASS" : "FAIL";
  }
}

absl::Status CheckVerdict(v1::Verdict const& verdict, std::vector<std::string> const& overrides) {
  std::set<std::string> names;
  for (auto const& check : verdict.checks()) names.insert(check.name());
  for (auto const& name : overrides) {
    if (names.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "override_checks names \"", name, "\", which is not a check of this verdict (",
          absl::StrJoin(names, ", "), ")"));
    }
  }
  std::set<std::string> overridden(overrides.begin(), overrides.end());
  std::vector<std::string> standing;
  for (auto const& check : verdict.checks()) {
    if (Passed(check) || overridden.count(check.name()) > 0) continue;
    standing.push_back(
        absl::StrCat(check.name(), " ", CheckOutcomeName(check), ": ", check.detail()));
  }
  if (standing.empty() && (verdict.approved() || !overrides.empty())) return absl::OkStatus();
  if (standing.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the verifier did not approve ", verdict.candidate().tag()));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the verifier did not approve ", verdict.candidate().tag(), ": ",
                   absl::StrJoin(standing, "; "), "; nothing was uploaded"));
}

absl::StatusOr<std::vector<PlannedFile>> PlanFiles(v1::Candidate const& candidate,
                                                   std::vector<std::string> const& projects,
                                                   std::vector<TargetSettings> const& targets) {
  if (candidate.assets().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pre-flight: ", candidate.tag(), " has no assets; nothing to publish"));
  }
  if (candidate.version().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("pre-flight: ", candidate.tag(), " states no package version"));
  }
  std::set<std::string> allowed(projects.begin(), projects.end());
  std::set<std::string> seen;
  std::map<std::string, std::string> sdist_of_project;
  std::vector<PlannedFile> files;
  for (auto const& asset : candidate.assets()) {
    std::string const& name = asset.name();
    if (absl::StrContains(name, "/") || absl::StrContains(name, "\\") ||
        absl::StrContains(name, "..")) {
      return Refuse(name, "an asset name may not hold a path separator or \"..\"");
    }
    if (!seen.insert(name).second) return Refuse(name, "two assets have this name");
    auto identity = IdentifyDistribution(name, candidate.version());
    if (!identity.ok()) return Refuse(name, identity.status().message());
    auto& [project, is_sdist] = *identity;
    if (allowed.count(project) == 0) {
      return Refuse(name, absl::StrCat("belongs to project \"", project,
                                       "\", which is not one of the configured projects (",
                                       absl::StrJoin(projects, ", "), ")"));
    }
    if (is_sdist) {
      auto [it, first] = sdist_of_project.emplace(project, name);
      if (!first) {
        return Refuse(name, absl::StrCat("a second sdist of ", project, " (", it->second,
                                         " is one): PyPI takes at most one sdist per release"));
      }
    }
    std::string sha256 = absl::AsciiStrToLower(asset.sha256());
    if (!IsHex64(sha256)) {
      return Refuse(name, "GitHub states no sha256 digest for it, so its bytes cannot be "
                          "checked on the way");
    }
    if (asset.size() <= 0) return Refuse(name, "GitHub states it is empty");
    for (auto const& target : targets) {
      if (asset.size() > target.max_file_bytes) {
        return Refuse(name, absl::StrCat(asset.size(), " bytes is over target \"", target.name,
                                         "\"'s limit of ", target.max_file_bytes,
                                         " bytes per file (targets[].max_file_bytes)"));
      }
    }
    files.push_back({name, project, candidate.version(), sha256, asset.size(), asset.id()});
  }
  return files;
}

absl::StatusOr<TargetPlan> PlanTarget(
    std::string const& target, std::vector<PlannedFile> const& files,
    std::map<std::string, std::vector<pypi::PypiFile>> const& existing, absl::Time now) {
  TargetPlan plan;
  std::set<std::string> projects_missing_files;
  for (auto const& file : files) {
    pypi::PypiFile const* there = nullptr;
    auto it = existing.find(file.project);
    if (it != existing.end()) {
      for (auto const& candidate : it->second) {
        if (candidate.filename == file.filename) there = &candidate;
      }
    }
    if (there == nullptr) {
      plan.upload.push_back(file);
      projects_missing_files.insert(file.project);
    } else if (absl::AsciiStrToLower(there->sha256) == file.sha256) {
      plan.present.push_back(file);
    } else {
      return absl::FailedPreconditionError(absl::StrCat(
          file.filename, " is already on ", target, " with sha256 ", there->sha256,
          ", but the release's file has sha256 ", file.sha256,
          "; a file on PyPI can never be replaced, so nothing further is uploaded (publish a "
          "new candidate)"));
    }
  }
  for (auto const& project : projects_missing_files) {
    auto it = existing.find(project);
    if (it == existing.end() || it->second.empty()) continue;
    absl::Time first = absl::InfiniteFuture();
    for (auto const& file : it->second) {
      absl::Time uploaded;
      if (ParseUploadTime(file.upload_time, &uploaded)) first = std::min(first, uploaded);
    }
    if (first != absl::InfiniteFuture() && now - first > kNewFilesWindow) {
      return absl::FailedPreconditionError(absl::StrCat(
          target, " has release ", files.front().version, " of ", project,
          " with its first file uploaded ", absl::FormatTime(first, absl::UTCTimeZone()),
          ", more than 14 days ago: PyPI refuses new files for it, so the release cannot be "
          "completed (publish a new candidate)"));
    }
  }
  return plan;
}

absl::Status CheckProjectLimits(std::string const& target, TargetPlan const& plan,
                                std::map<std::string, std::int64_t> const& held,
                                std::int64_t max_project_bytes) {
  std::map<std::string, std::int64_t> adding;
  for (auto const& file : plan.upload) adding[file.project] += file.size;
  for (auto const& [project, bytes] : adding) {
    auto it = held.find(project);
    std::int64_t already = it == held.end() ? 0 : it->second;
    if (already + bytes > max_project_bytes) {
      return absl::FailedPreconditionError(absl::StrCat(
          project, " holds ", already, " bytes on ", target, " and this release adds ", bytes,
          ", over the project limit of ", max_project_bytes,
          " bytes (targets[].max_project_bytes): PyPI would refuse the upload that crosses "
          "it, so nothing is uploaded (ask PyPI to raise the project's limit, or delete old "
          "releases, then raise max_project_bytes)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace stablecut::publisher
