#include "tools/cli/app.h"

#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "tools/cli/candidate_commands.h"
#include "tools/cli/completion_command.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/propose_command.h"
#include "tools/cli/publisher_commands.h"
#include "tools/cli/verifier_commands.h"

namespace stablecut::cli {
namespace {

// The global options, on the top-level app; subcommands let the ones they do not know
// fall through to it, so they may come before or after the command.
void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  for (auto const& names : AllSettings()) {
    app.add_option_function<std::string>(
           absl::StrCat("--", names.key),
           [&options, key = names.key](std::string const& value) {
             options.settings[key] = value;
           },
           absl::StrCat("The ", names.what, " (else $", names.variable, ", else `", names.key,
                        " = …` in the config file)"))
        ->type_name(names.metavar)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // the last one given wins
  }
  app.add_option("--output", options.output, "text (default) or json: the response as JSON")
      ->check(CLI::IsMember({"text", "json"}));
}

// CLI11 reports --help, --version and usage errors as exceptions: they end here.
// Returns the exit code when parsing ends the run, else nullopt.
std::optional<int> Parse(CLI::App& app, int argc, char const* const* argv, Io const& io) {
  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e, io.out, io.err);
  } catch (CLI::CallForAllHelp const& e) {
    return app.exit(e, io.out, io.err);
  } catch (CLI::CallForVersion const& e) {
    return app.exit(e, io.out, io.err);
  } catch (CLI::ParseError const& e) {
    io.err << ErrorLine(absl::InvalidArgumentError(
        absl::StrCat(e.what(), " (stablecut --help lists the commands and options)")));
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace

int Run(int argc, char const* const* argv, Io const& io) {
  GlobalOptions options;
  Invocation invocation(io, options);
  Action chosen;

  CLI::App app("Stablecut: cut, verify, propose and publish release candidates", "stablecut");
  app.set_version_flag("--version", absl::StrCat("stablecut ", kVersion));
  app.require_subcommand(1);
  app.fallthrough();  // inherited by the subcommands added below
  AddGlobalOptions(app, options);
  AddCandidateCommands(app, invocation, chosen);
  AddVerifierCommands(app, invocation, chosen);
  AddProposeCommand(app, invocation, chosen);
  AddPublisherCommands(app, invocation, chosen);
  AddCompletionCommand(app, invocation, chosen);

  if (auto ended = Parse(app, argc, argv, io)) return *ended;
  if (!chosen) {  // unreachable: require_subcommand(1) and every leaf sets one
    io.err << ErrorLine(absl::InvalidArgumentError("no command given"));
    return kExitUsage;
  }
  absl::Status status = chosen();
  if (!status.ok()) io.err << ErrorLine(status);
  return ExitCodeFor(status.code());
}

}  // namespace stablecut::cli
