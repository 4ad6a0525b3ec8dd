#include "tools/cli/propose_command.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "stablecut/v1/candidate.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/render_candidates.h"

namespace stablecut::cli {
namespace {

// The candidate service asks the verifier for a fresh verdict and writes a GitHub issue:
// several round trips, well within a minute.
constexpr absl::Duration kTimeout = absl::Seconds(60);

absl::Status Propose(Invocation const& invocation, std::string const& tag) {
  auto channel = invocation.Connect(Service::kCandidate, kTimeout);
  if (!channel.ok()) return channel.status();
  auto stub = v1::CandidateService::NewStub(channel->channel());
  v1::ProposeCandidateRequest request;
  request.set_tag(tag);
  v1::Proposal proposal;
  auto status = CallService(*channel, "ProposeCandidate", [&](grpc::ClientContext& context) {
    return stub->ProposeCandidate(&context, request, &proposal);
  });
  if (!status.ok()) return status;
  return invocation.Print(proposal, RenderProposal(proposal, invocation.style()));
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
