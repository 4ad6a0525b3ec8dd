#include "services/candidate/candidate_proto.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

#include "lib/server/proto_time.h"

namespace stablecut::candidate {

v1::Candidate ToProto(CandidateInfo const& info) {
  v1::Candidate candidate;
  candidate.set_tag(info.tag.ToString());
  candidate.set_version(info.tag.Version());
  candidate.set_commit_sha(info.commit_sha);
  *candidate.mutable_created_at() = server::ToTimestamp(info.created_at);
  if (info.published_at) *candidate.mutable_published_at() = server::ToTimestamp(*info.published_at);
  candidate.set_release_id(info.release_id);
  switch (info.state) {
    case CandidateState::kDraft: candidate.set_state(v1::Candidate::STATE_DRAFT); break;
    case CandidateState::kPreRelease: candidate.set_state(v1::Candidate::STATE_PRE_RELEASE); break;
    case CandidateState::kStable: candidate.set_state(v1::Candidate::STATE_STABLE); break;
  }
  for (auto const& asset : info.assets) {
    auto* out = candidate.add_assets();
    out->set_id(asset.id);
    out->set_name(asset.name);
    out->set_size(asset.size);
    out->set_sha256(asset.digest_sha256);
    out->set_download_url(asset.url);
  }
  candidate.set_pinned_submodule_commit(info.pinned_submodule_commit);
  candidate.set_name(info.name);
  candidate.set_html_url(info.html_url);
  if (info.build) {
    auto* build = candidate.mutable_build();
    build->set_dispatched(info.build->dispatched);
    build->set_run_id(info.build->run_id);
    build->set_run_url(info.build->run_url);
    build->set_dispatched_now(info.build->dispatched_now);
  }
  return candidate;
}

v1::Candidate ToProto(CutResult const& cut) {
  v1::Candidate candidate = ToProto(cut.candidate);
  for (auto const& [sha, reason] : cut.skipped) {
    auto* skipped = candidate.add_skipped_commits();
    skipped->set_sha(sha);
    skipped->set_reason(reason);
  }
  return candidate;
}

std::string SkippedSummary(CutResult const& cut) {
  std::string summary;
  for (auto const& [sha, reason] : cut.skipped) {
    absl::StrAppend(&summary, summary.empty() ? "" : "; ", sha.substr(0, 7), " ", reason);
  }
  return summary;
}

absl::StatusOr<std::optional<CandidateState>> FromProto(v1::Candidate::State state) {
  switch (state) {
    case v1::Candidate::STATE_UNSPECIFIED: return std::optional<CandidateState>();
    case v1::Candidate::STATE_DRAFT: return std::optional<CandidateState>(CandidateState::kDraft);
    case v1::Candidate::STATE_PRE_RELEASE:
      return std::optional<CandidateState>(CandidateState::kPreRelease);
    case v1::Candidate::STATE_STABLE: return std::optional<CandidateState>(CandidateState::kStable);
    default: break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "state ", static_cast<int>(state),
      " is not one of STATE_DRAFT, STATE_PRE_RELEASE, STATE_STABLE (or unset for all)"));
}

}  // namespace stablecut::candidate
