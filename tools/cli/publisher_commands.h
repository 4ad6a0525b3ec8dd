#pragma once
// `publish TAG` (streamed progress) and `status TAG`: the publisher.

#include "tools/cli/command.h"

namespace stablecut::cli {

void AddPublisherCommands(CLI::App& app, Invocation const& invocation, Action& chosen);

}  // namespace stablecut::cli
