#pragma once
// How a command group joins the command line: it adds its subcommands to CLI11's App and,
// when one of them is parsed, leaves what to run in `chosen`. The run happens after
// parsing, outside CLI11, so that no exception meets our code.

#include <functional>

#include "absl/status/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace stablecut::cli {

class Invocation;

// A group's Add…Commands(app, invocation, chosen) adds its subcommands to `app`;
// `invocation` and `chosen` outlive the parse and the run, option values live in the actions.
using Action = std::function<absl::Status()>;

}  // namespace stablecut::cli
