#pragma once
// What a publish will do, decided before the first byte leaves: whether the verdict lets it
// go, which files it carries, and what each target still lacks. Pure functions: the
// pipeline (publisher.h) does the talking.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/pypi/json_api.h"
#include "services/publisher/publisher_settings.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::publisher {

// PyPI refuses new files for a release whose first file is older than this (pypi.md §5).
inline constexpr absl::Duration kNewFilesWindow = absl::Hours(24 * 14);

struct PlannedFile {
  std::string filename;
  std::string project;  // PEP 503-normalized
  std::string version;  // the candidate's
  std::string sha256;   // lower-case hex, from GitHub's asset digest
  std::int64_t size = 0;
  std::int64_t asset_id = 0;
};

// "PASS", "FAIL" or "INCONCLUSIVE"; a check from a verifier that sets no outcome reads
// from `passed`.
std::string CheckOutcomeName(v1::Check const& check);

// OK when the verdict is approved, or when every check that did not pass is overridden.
// INVALID_ARGUMENT when an override names no check of the verdict; FAILED_PRECONDITION
// listing each check left standing (name, outcome, detail) otherwise.
absl::Status CheckVerdict(v1::Verdict const& verdict, std::vector<std::string> const& overrides);

// The release's files, checked whole so that a publish never stops half-way for a reason
// known in advance: every asset a wheel or a `.tar.gz` sdist (at most one per project) of
// one of `projects` at the candidate's version, with a name holding no path, a digest from GitHub, and a size within every target's
// limit. FAILED_PRECONDITION naming the file and the rule.
absl::StatusOr<std::vector<PlannedFile>> PlanFiles(v1::Candidate const& candidate,
                                                   std::vector<std::string> const& projects,
                                                   std::vector<TargetSettings> const& targets);

// What one target still needs.
struct TargetPlan {
  std::vector<PlannedFile> upload;
  std::vector<PlannedFile> present;  // already there with the same sha256
};

// Compares the files with what the target holds (`existing`: per project, its files of the
// candidate's version). FAILED_PRECONDITION when a file of the same name is there with
// another sha256 (a file on PyPI can never be replaced), or when files are missing from a
// release whose first file is older than kNewFilesWindow.
absl::StatusOr<TargetPlan> PlanTarget(std::string const& target,
                                      std::vector<PlannedFile> const& files,
                                      std::map<std::string, std::vector<pypi::PypiFile>> const& existing,
                                      absl::Time now);

// OK unless uploading `plan.upload` takes a project over `max_project_bytes`, given the
// bytes each project already holds on the target (`held`, by project; a project absent
// holds nothing). FAILED_PRECONDITION naming the project, the bytes held and added, and the
// limit: PyPI would refuse the upload that crosses it, half-way through the release.
absl::Status CheckProjectLimits(std::string const& target, TargetPlan const& plan,
                                std::map<std::string, std::int64_t> const& held,
                                std::int64_t max_project_bytes);

}  // namespace stablecut::publisher
