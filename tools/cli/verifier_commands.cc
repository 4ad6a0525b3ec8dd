#include "tools/cli/verifier_commands.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "stablecut/v1/verifier.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/render_verdict.h"
#include "tools/cli/unary_call.h"

namespace stablecut::cli {
namespace {

// Prints the verdict whatever it says; a verdict that does not approve is exit 1
// (FAILED_PRECONDITION naming the checks), so that `stablecut verify TAG && …` works.
absl::Status Verify(Invocation const& invocation, std::string const& tag) {
  v1::VerifyRequest request;
  request.set_tag(tag);
  auto verdict = CallUnary(invocation, Service::kVerifier, "Verify",
                           &v1::VerifierService::Stub::Verify, request);
  if (!verdict.ok()) return verdict.status();
  if (auto printed = invocation.Print(*verdict, RenderVerdict(*verdict, invocation.style()));
      !printed.ok()) {
    return printed;
  }
  if (verdict->approved()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(verdict->candidate().tag(), " is not approved: ", NotPassed(*verdict)));
}

// NOT_FOUND (exit 1) when no candidate is approved: the verifier's message lists why each
// one is not.
absl::Status Pick(Invocation const& invocation) {
  auto response = CallUnary(invocation, Service::kVerifier, "PickCandidate",
                            &v1::VerifierService::Stub::PickCandidate,
                            v1::PickCandidateRequest());
  if (!response.ok()) return response.status();
  return invocation.Print(*response, RenderPick(*response, invocation.style()));
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
