// build.yml's steps on the sandbox's state: check inputs, build the wheels, upload them.
#include "tools/sandbox/build_workflow.h"

#include <cstdio>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/sandbox/repo_queries.h"
#include "tools/sandbox/wheel_asset.h"

namespace stablecut::sandbox {
namespace {

std::string Input(Dispatch const& dispatch, std::string const& name) {
  auto it = dispatch.inputs.find(name);
  return it == dispatch.inputs.end() ? "" : it->second;
}

// Why `release` cannot take `assets`, or OK.
absl::Status RefuseUpload(Release const* release, int64_t release_id,
                          std::vector<Asset> const& assets) {
  if (release == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("release ", release_id, " not found (deleted?): nothing uploaded"));
  }
  if (!release->draft) {
    return absl::FailedPreconditionError(absl::StrCat(
        "release ", release_id, " (", release->tag_name, ") is not a draft: nothing uploaded"));
  }
  for (Asset const& built : assets) {
    for (Asset const& existing : release->assets) {
      if (existing.name == built.name) {
        return absl::FailedPreconditionError(absl::StrCat(
            "release ", release_id, " already has an asset named ", built.name,
            " (422 already_exists): nothing uploaded"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunBuildWorkflow(State& state, Dispatch const& dispatch, std::string const& at,
                              std::function<std::string(int64_t)> const& blob_path) {
  std::string version = Input(dispatch, "package_version");
  int64_t release_id = 0;
  if (version.empty()) return absl::InvalidArgumentError("input package_version is empty");
  if (!absl::SimpleAtoi(Input(dispatch, "release_id"), &release_id)) {
    return absl::InvalidArgumentError(absl::StrCat("input release_id \"",
                                                   Input(dispatch, "release_id"),
                                                   "\" is not a release id"));
  }
  std::vector<std::string> owner_name = absl::StrSplit(dispatch.repo, '/');
  Repo* repo = owner_name.size() == 2 ? state.FindRepo(owner_name[0], owner_name[1]) : nullptr;
  if (repo == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("repository ", dispatch.repo, " not found"));
  }
  std::vector<Asset> built;
  absl::Status status;
  for (std::string const& distribution : CandidateDistributions()) {
    int64_t id = state.NextId();
    auto asset = WriteWheelAsset(id, blob_path(id), distribution, version, at);
    if (!asset.ok()) {
      status = asset.status();
      break;
    }
    built.push_back(*std::move(asset));
  }
  if (status.ok()) status = RefuseUpload(FindRelease(*repo, release_id), release_id, built);
  if (!status.ok()) {
    for (Asset const& asset : built) std::remove(blob_path(asset.id).c_str());
    return status;
  }
  Release* release = FindRelease(*repo, release_id);
  for (Asset& asset : built) release->assets.push_back(std::move(asset));
  return absl::OkStatus();
}

}  // namespace stablecut::sandbox
