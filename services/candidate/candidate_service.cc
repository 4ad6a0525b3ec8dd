#include "services/candidate/candidate_service.h"

#include "absl/strings/str_cat.h"
#include "lib/log/log.h"
#include "services/candidate/candidate_proto.h"

namespace stablecut::candidate {
namespace {

constexpr char kCreate[] = "/stablecut.v1.CandidateService/CreateCandidate";
constexpr char kGet[] = "/stablecut.v1.CandidateService/GetCandidate";
constexpr char kList[] = "/stablecut.v1.CandidateService/ListCandidates";
constexpr char kFinalize[] = "/stablecut.v1.CandidateService/FinalizeCandidates";
constexpr char kPromote[] = "/stablecut.v1.CandidateService/PromoteCandidate";
constexpr char kPropose[] = "/stablecut.v1.CandidateService/ProposeCandidate";

}  // namespace

grpc::Status CandidateServiceImpl::CreateCandidate(grpc::ServerContext* context,
                                                   v1::CreateCandidateRequest const* request,
                                                   v1::Candidate* response) {
  return guard_.Handle(*context, kCreate, [&](auth::Caller const& caller) -> absl::Status {
    auto cut = candidates_.Create(guard_.OutboundContext(*context), request->force(), request->commit_sha());
    if (!cut.ok()) return cut.status();
    *response = ToProto(*cut);
    log::Event(log::Level::kInfo, "cut",
               {{"tag", cut->candidate.tag.ToString()},
                {"commit", cut->candidate.commit_sha},
                {"created", cut->created ? "true" : "false"},
                {"skipped", SkippedSummary(*cut)},
                {"caller", caller.identity}});
    return absl::OkStatus();
  });
}

grpc::Status CandidateServiceImpl::GetCandidate(grpc::ServerContext* context,
                                                v1::GetCandidateRequest const* request,
                                                v1::Candidate* response) {
  return guard_.Handle(*context, kGet, [&](auth::Caller const&) -> absl::Status {
    auto candidate = candidates_.Get(guard_.OutboundContext(*context), request->tag());
    if (candidate.ok()) *response = ToProto(*candidate);
    return candidate.status();
  });
}

grpc::Status CandidateServiceImpl::ListCandidates(grpc::ServerContext* context,
                                                  v1::ListCandidatesRequest const* request,
                                                  v1::ListCandidatesResponse* response) {
  return guard_.Handle(*context, kList, [&](auth::Caller const&) -> absl::Status {
    auto state = FromProto(request->state());
    if (!state.ok()) return state.status();
    auto page = candidates_.List(guard_.OutboundContext(*context), request->page_size(), request->page_token(), *state);
    if (!page.ok()) return page.status();
    for (auto const& candidate : page->candidates) *response->add_candidates() = ToProto(candidate);
    response->set_next_page_token(page->next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status CandidateServiceImpl::FinalizeCandidates(grpc::ServerContext* context,
                                                      v1::FinalizeCandidatesRequest const*,
                                                      v1::FinalizeCandidatesResponse* response) {
  return guard_.Handle(*context, kFinalize, [&](auth::Caller const&) -> absl::Status {
    auto result = candidates_.Finalize(guard_.OutboundContext(*context));
    if (!result.ok()) return result.status();
    for (auto const& candidate : result->finalized) *response->add_finalized() = ToProto(candidate);
    for (auto const& [candidate, missing] : result->incomplete) {
      auto* incomplete = response->add_incomplete();
      *incomplete->mutable_candidate() = ToProto(candidate);
      for (auto const& pattern : missing) incomplete->add_missing_patterns(pattern);
    }
    return absl::OkStatus();
  });
}

grpc::Status CandidateServiceImpl::PromoteCandidate(grpc::ServerContext* context,
                                                    v1::PromoteCandidateRequest const* request,
                                                    v1::Candidate* response) {
  return guard_.Handle(*context, kPromote, [&](auth::Caller const&) -> absl::Status {
    http::CallContext outbound = guard_.OutboundContext(*context);
    auto candidate = candidates_.Promote(outbound, request->tag());
    if (!candidate.ok()) return candidate.status();
    *response = ToProto(*candidate);
    // The release is promoted whatever happens to its proposals: a failure to close them is
    // logged, not returned, so that the publisher does not take the promotion for failed.
    std::vector<std::string> files(request->published_files().begin(),
                                   request->published_files().end());
    if (absl::Status closed = proposals_.AfterPromotion(outbound, *candidate, files); !closed.ok()) {
      log::Event(log::Level::kWarn, "proposals not closed",
                 {{"tag", request->tag()},
                  {"code", absl::StatusCodeToString(closed.code())},
                  {"error", std::string(closed.message())}});
    }
    return absl::OkStatus();
  });
}

grpc::Status CandidateServiceImpl::ProposeCandidate(grpc::ServerContext* context,
                                                    v1::ProposeCandidateRequest const* request,
                                                    v1::Proposal* response) {
  return guard_.Handle(*context, kPropose, [&](auth::Caller const& caller) -> absl::Status {
    auto proposal = proposals_.Propose(guard_.OutboundContext(*context), request->tag());
    if (!proposal.ok()) return proposal.status();
    *response = *std::move(proposal);
    log::Event(log::Level::kInfo, "proposed",
               {{"tag", response->tag()},
                {"issue", absl::StrCat(response->issue_number())},
                {"created", response->created() ? "true" : "false"},
                {"approved", response->verdict_approved() ? "true" : "false"},
                {"caller", caller.identity}});
    return absl::OkStatus();
  });
}

}  // namespace stablecut::candidate
