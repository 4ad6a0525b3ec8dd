#pragma once
// The candidate service's logic: cut, find, list, finalize and promote candidate releases.
// GitHub is the only state: every operation reconciles with what is there.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/clock/clock.h"
#include "lib/github/api.h"
#include "lib/http/call_context.h"
#include "lib/release/candidate_tag.h"
#include "services/candidate/candidate_settings.h"

namespace stablecut::candidate {

using release::CandidateTag;
using release::ParseCandidateTag;

enum class CandidateState { kDraft, kPreRelease, kStable };

// The build workflow run dispatched for a candidate.
struct BuildDispatch {
  bool dispatched = true;
  bool dispatched_now = false;  // by this call, not an earlier one
  int64_t run_id = 0;           // 0: GitHub did not say
  std::string run_url;
};

struct CandidateInfo {
  CandidateTag tag;
  std::string commit_sha;
  absl::Time created_at;
  std::optional<absl::Time> published_at;
  int64_t release_id = 0;
  CandidateState state = CandidateState::kDraft;
  std::vector<github::ReleaseAsset> assets;
  std::string pinned_submodule_commit;
  std::string name;
  std::string html_url;
  // Set when build_workflow is configured, by Get (whether a build was dispatched) and by
  // Create for a draft (the build it dispatched, or found dispatched already).
  std::optional<BuildDispatch> build;
};

struct CutResult {
  CandidateInfo candidate;
  bool created = false;               // false: an existing candidate was returned
  // Newer commits passed over: sha and why ("red: …", "pending: …").
  std::vector<std::pair<std::string, std::string>> skipped;
};

struct ListResult {
  std::vector<CandidateInfo> candidates;
  std::string next_page_token;
};

struct FinalizeResult {
  std::vector<CandidateInfo> finalized;
  std::vector<std::pair<CandidateInfo, std::vector<std::string>>> incomplete;  // + missing
};

// Thread-safe. Errors carry the codes of ARCHITECTURE.md's list; GitHub's own are passed on.
class Candidates {
 public:
  // `clock` must outlive this; its Now() dates the tags of new candidates.
  Candidates(github::Api& github, CandidateSettings const& settings,
             clock::Clock const& clock);

  // Cuts a candidate at the newest green commit of the default branch (or `commit_sha`,
  // which must be green and on it). Returns the commit's existing candidate unless `force`;
  // finishes a candidate whose tag exists without its release. FAILED_PRECONDITION when no
  // commit qualifies, ABORTED when another cut is running.
  absl::StatusOr<CutResult> Create(http::CallContext const& context, bool force, std::string const& commit_sha);
  // INVALID_ARGUMENT for a malformed tag, NOT_FOUND for an unknown one.
  absl::StatusOr<CandidateInfo> Get(http::CallContext const& context, std::string const& tag);
  // Newest first. INVALID_ARGUMENT for a bad page token or size.
  absl::StatusOr<ListResult> List(http::CallContext const& context, int page_size, std::string const& page_token,
                                  std::optional<CandidateState> state);
  // Publishes every draft whose assets match all expected patterns as a pre-release.
  absl::StatusOr<FinalizeResult> Finalize(http::CallContext const& context);
  // Renames to the stable name, clears pre-release and marks latest, in one update;
  // nothing when it already is. FAILED_PRECONDITION for a draft.
  absl::StatusOr<CandidateInfo> Promote(http::CallContext const& context, std::string const& tag);

 private:
  absl::StatusOr<std::string> Branch(http::CallContext const& context);
  // The branch's first-parent line (release::FirstParentLine) among its newest
  // max_commits_scanned commits, from the branch's head.
  absl::StatusOr<std::vector<github::Commit>> FirstParentLine(http::CallContext const& context, std::string const& branch);
  absl::StatusOr<std::vector<github::Release>> CandidateReleases(http::CallContext const& context);
  absl::StatusOr<CandidateInfo> ToInfo(http::CallContext const& context, github::Release const& release);
  absl::StatusOr<CandidateInfo> CreateReleaseFor(http::CallContext const& context, CandidateTag const& tag, std::string const& sha,
                                                 std::string const& ci_summary);
  absl::StatusOr<std::optional<github::Release>> FindRelease(http::CallContext const& context,
                                                             std::string const& tag_name);
  absl::StatusOr<std::optional<BuildDispatch>> LookUpBuild(http::CallContext const& context,
                                                           std::string const& tag_name);
  // The draft's build run: one dispatched earlier for its tag, else a new dispatch.
  absl::StatusOr<BuildDispatch> EnsureBuild(http::CallContext const& context,
                                            CandidateTag const& tag, int64_t release_id);
  absl::StatusOr<std::string> CheckGreen(http::CallContext const& context, std::string const& sha);

  github::Api& github_;
  CandidateSettings const& settings_;
  clock::Clock const& clock_;
  absl::Mutex mu_;
  bool cutting_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace stablecut::candidate
