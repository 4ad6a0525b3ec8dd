#include "tools/cli/verifier_commands.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/render_verdict.h"

namespace stablecut::cli {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(60);

// Prints the verdict whatever it says; a verdict that does not approve is exit 1
// (FAILED_PRECONDITION naming the checks), so that `stablecut verify TAG && …` works.
absl::Status Verify(Invocation const& invocation, std::string const& tag) {
  auto channel = invocation.Connect(Service::kVerifier, kTimeout);
  if (!channel.ok()) return channel.status();
  auto stub = v1::VerifierService::NewStub(channel->channel());
  v1::VerifyRequest request;
  request.set_tag(tag);
  v1::Verdict verdict;
  auto status = CallService(*channel, "Verify", [&](grpc::ClientContext& context) {
    return stub->Verify(&context, request, &verdict);
  });
  if (!status.ok()) return status;
  if (auto printed = invocation.Print(verdict, RenderVerdict(verdict, invocation.style()));
      !printed.ok()) {
    return printed;
  }
  if (verdict.approved()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(verdict.candidate().tag(), " is not approved: ", NotPassed(verdict)));
}

// NOT_FOUND (exit 1) when no candidate is approved: the verifier's message lists why each
// one is not.
absl::Status Pick(Invocation const& invocation) {
  auto channel = invocation.Connect(Service::kVerifier, kTimeout);
  if (!channel.ok()) return channel.status();
  auto stub = v1::VerifierService::NewStub(channel->channel());
  v1::PickCandidateResponse response;
  auto status = CallService(*channel, "PickCandidate", [&](grpc::ClientContext& context) {
    return stub->PickCandidate(&context, {}, &response);
  });
  if (!status.ok()) return status;
  return invocation.Print(response, RenderPick(response, invocation.style()));
}

}  // namespace

void AddVerifierCommands(CLI::App& app, Invocation const& invocation, Action& chosen) {
  auto tag = std::make_shared<std::string>();
  CLI::App* verify = app.add_subcommand("verify", "Evaluate every promotion check of a candidate");
  verify->add_option("TAG", *tag, "The candidate's tag, candidate-YYYYMMDD.N")->required();
  verify->callback([&, tag] { chosen = [&, tag] { return Verify(invocation, *tag); }; });

  CLI::App* pick = app.add_subcommand(
      "pick", "The newest approved pre-release, and why each newer one is not");
  pick->callback([&] { chosen = [&] { return Pick(invocation); }; });
}

}  // namespace stablecut::cli
