#include "tools/cli/candidate_commands.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "stablecut/v1/candidate.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/render_candidates.h"
#include "tools/cli/unary_call.h"

namespace stablecut::cli {
namespace {

struct ListOptions {
  std::string state;  // "", "draft", "pre-release", "stable"
  int limit = 30;
};

v1::Candidate::State StateFromName(std::string const& name) {
  if (name == "draft") return v1::Candidate::STATE_DRAFT;
  if (name == "pre-release") return v1::Candidate::STATE_PRE_RELEASE;
  if (name == "stable") return v1::Candidate::STATE_STABLE;
  return v1::Candidate::STATE_UNSPECIFIED;
}

// Pages through ListCandidates until `limit` candidates or the last page.
absl::Status List(Invocation const& invocation, ListOptions const& options) {
  auto channel = invocation.Connect(Service::kCandidate, kCallTimeout);
  if (!channel.ok()) return channel.status();
  auto stub = v1::CandidateService::NewStub(channel->channel());
  v1::ListCandidatesRequest request;
  request.set_state(StateFromName(options.state));
  v1::ListCandidatesResponse all;
  do {
    request.set_page_size(options.limit - all.candidates_size());
    v1::ListCandidatesResponse page;
    auto status = CallService(*channel, "ListCandidates", [&](grpc::ClientContext& context) {
      return stub->ListCandidates(&context, request, &page);
    });
    if (!status.ok()) return status;
    for (auto& candidate : *page.mutable_candidates()) {
      if (all.candidates_size() < options.limit) *all.add_candidates() = std::move(candidate);
    }
    all.set_next_page_token(page.next_page_token());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && all.candidates_size() < options.limit);
  return invocation.Print(all, RenderCandidateList(all, invocation.style()));
}

absl::Status Show(Invocation const& invocation, std::string const& tag) {
  v1::GetCandidateRequest request;
  request.set_tag(tag);
  auto candidate = CallUnary(invocation, Service::kCandidate, "GetCandidate",
                             &v1::CandidateService::Stub::GetCandidate, request);
  if (!candidate.ok()) return candidate.status();
  return invocation.Print(*candidate, RenderCandidate(*candidate, invocation.style()));
}

absl::Status Cut(Invocation const& invocation, bool force) {
  v1::CreateCandidateRequest request;
  request.set_force(force);
  auto candidate = CallUnary(invocation, Service::kCandidate, "CreateCandidate",
                             &v1::CandidateService::Stub::CreateCandidate, request);
  if (!candidate.ok()) return candidate.status();
  return invocation.Print(*candidate, RenderCandidate(*candidate, invocation.style()));
}

absl::Status Finalize(Invocation const& invocation) {
  auto response = CallUnary(invocation, Service::kCandidate, "FinalizeCandidates",
                            &v1::CandidateService::Stub::FinalizeCandidates,
                            v1::FinalizeCandidatesRequest());
  if (!response.ok()) return response.status();
  return invocation.Print(*response, RenderFinalize(*response, invocation.style()));
}

}  // namespace

void AddCandidateCommands(CLI::App& app, Invocation const& invocation, Action& chosen) {
  CLI::App* group = app.add_subcommand("candidates", "List, show, cut and finalize candidates");
  group->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = group->add_subcommand("list", "List candidates, newest first");
  list->add_option("--state", list_options->state, "Only candidates in this state")
      ->check(CLI::IsMember({"draft", "pre-release", "stable"}));
  list->add_option("--limit", list_options->limit, "At most this many (default 30)")
      ->check(CLI::PositiveNumber);
  list->callback([&, list_options] { chosen = [&, list_options] {
    return List(invocation, *list_options);
  }; });

  auto tag = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "Show one candidate and its assets");
  show->add_option("TAG", *tag, "The candidate's tag, candidate-YYYYMMDD.N")->required();
  show->callback([&, tag] { chosen = [&, tag] { return Show(invocation, *tag); }; });

  auto force = std::make_shared<bool>(false);
  CLI::App* cut = group->add_subcommand(
      "cut", "Cut a candidate at the newest green commit of the default branch");
  cut->add_flag("--force", *force, "Cut even if that commit already has a candidate");
  cut->callback([&, force] { chosen = [&, force] { return Cut(invocation, *force); }; });

  CLI::App* finalize = group->add_subcommand(
      "finalize", "Publish every complete draft as a pre-release");
  finalize->callback([&] { chosen = [&] { return Finalize(invocation); }; });
}

}  // namespace stablecut::cli
