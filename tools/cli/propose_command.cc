#include "tools/cli/propose_command.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "stablecut/v1/candidate.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/render_candidates.h"
#include "tools/cli/unary_call.h"

namespace stablecut::cli {
namespace {

absl::Status Propose(Invocation const& invocation, std::string const& tag) {
  v1::ProposeCandidateRequest request;
  request.set_tag(tag);
  auto proposal = CallUnary(invocation, Service::kCandidate, "ProposeCandidate",
                            &v1::CandidateService::Stub::ProposeCandidate, request);
  if (!proposal.ok()) return proposal.status();
  return invocation.Print(*proposal, RenderProposal(*proposal, invocation.style()));
}

}  // namespace

void AddProposeCommand(CLI::App& app, Invocation const& invocation, Action& chosen) {
  auto tag = std::make_shared<std::string>();
  CLI::App* propose = app.add_subcommand(
      "propose", "Open or update the candidate's release proposal (a GitHub issue)");
  propose->add_option("TAG", *tag, "The candidate's tag, candidate-YYYYMMDD.N")->required();
  propose->callback([&, tag] { chosen = [&, tag] { return Propose(invocation, *tag); }; });
}

}  // namespace stablecut::cli
