#include "tools/cli/publisher_commands.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stablecut/v1/publisher.grpc.pb.h"
#include "tools/cli/invocation.h"
#include "tools/cli/json_output.h"
#include "tools/cli/progress.h"
#include "tools/cli/render_publication.h"
#include "tools/cli/unary_call.h"

namespace stablecut::cli {
namespace {

// A publish streams every wheel from GitHub to each target: allow it an hour.
constexpr absl::Duration kPublishTimeout = absl::Hours(1);

struct PublishOptions {
  std::string tag;
  bool dry_run = false;
  std::vector<std::string> overrides;
  std::string reason;
};

// Streams the events: JSON lines, or the progress renderer, then the summary. A refused
// publish is the publisher's FAILED_PRECONDITION, whose message lists the checks left
// standing with their details.
absl::Status Publish(Invocation const& invocation, PublishOptions const& options) {
  auto channel = invocation.Connect(Service::kPublisher, kPublishTimeout);
  if (!channel.ok()) return channel.status();
  auto stub = v1::PublisherService::NewStub(channel->channel());
  v1::PublishRequest request;
  request.set_tag(options.tag);
  request.set_dry_run(options.dry_run);
  for (auto const& name : options.overrides) request.add_override_checks(name);
  request.set_override_reason(options.reason);

  ProgressRenderer renderer(invocation.out_is_terminal() ? ProgressRenderer::Mode::kTerminal
                                                         : ProgressRenderer::Mode::kPlain,
                            invocation.style(), invocation.terminal_columns());
  auto context = channel->NewCallContext();
  auto reader = stub->Publish(context.get(), request);
  std::optional<v1::Publication> done;
  v1::PublishEvent event;
  while (reader->Read(&event)) {
    if (invocation.json()) {
      auto line = JsonLine(event);
      if (!line.ok()) return line.status();
      invocation.out() << *line << std::flush;
    } else if (event.has_done()) {
      done = event.done();
    } else {
      invocation.out() << renderer.OnEvent(event) << std::flush;
    }
  }
  grpc::Status status = reader->Finish();
  if (!invocation.json()) invocation.out() << renderer.Finish();
  if (!status.ok()) return channel->Error(status, "Publish");
  if (done && !invocation.json()) invocation.out() << RenderPublishSummary(*done, invocation.style());
  invocation.out() << std::flush;
  return absl::OkStatus();
}

absl::Status Status(Invocation const& invocation, std::string const& tag) {
  v1::GetPublicationRequest request;
  request.set_tag(tag);
  auto publication = CallUnary(invocation, Service::kPublisher, "GetPublication",
                               &v1::PublisherService::Stub::GetPublication, request);
  if (!publication.ok()) return publication.status();
  return invocation.Print(*publication, RenderPublication(*publication, invocation.style()));
}

}  // namespace

void AddPublisherCommands(CLI::App& app, Invocation const& invocation, Action& chosen) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* publish = app.add_subcommand(
      "publish", "Upload a verified candidate's wheels to PyPI and have it promoted");
  publish->add_option("TAG", options->tag, "The candidate's tag, candidate-YYYYMMDD.N")
      ->required();
  publish->add_flag("--dry-run", options->dry_run,
                    "Check everything and say what would be uploaded; change nothing");
  CLI::Option* overrides =
      publish->add_option("--override", options->overrides,
                          "Checks to skip (repeat, or separate with commas); needs the "
                          "publisher's override right and --reason")
          ->delimiter(',');
  CLI::Option* reason = publish->add_option("--reason", options->reason,
                                            "Why the checks are overridden (kept in the audit "
                                            "trail)");
  overrides->needs(reason);
  reason->needs(overrides);
  publish->callback([&, options] { chosen = [&, options] { return Publish(invocation, *options); }; });

  auto tag = std::make_shared<std::string>();
  CLI::App* status = app.add_subcommand("status", "What the targets hold of a candidate, and "
                                                  "whether it is promoted or publishing");
  status->add_option("TAG", *tag, "The candidate's tag, candidate-YYYYMMDD.N")->required();
  status->callback([&, tag] { chosen = [&, tag] { return Status(invocation, *tag); }; });
}

}  // namespace stablecut::cli
