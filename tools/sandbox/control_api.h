#pragma once
// The control API for tests under /_control/: faults, the clock, a state dump, reseeding
// and health. No auth: the sandbox listens on loopback only.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "absl/status/status.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/faults.h"
#include "tools/sandbox/request_log.h"
#include "tools/sandbox/state_store.h"

namespace stablecut::sandbox {

struct ControlContext {
  StateStore* store = nullptr;
  Clock* clock = nullptr;
  FaultList* faults = nullptr;
  RequestLog* requests = nullptr;
  // Wipes the state and seeds `name` ("demo" or "none"); INVALID_ARGUMENT for others.
  std::function<absl::Status(std::string const& name)> reseed;
  // Extra top-level sections of the dump: name -> JSON text.
  std::vector<std::pair<std::string, std::function<std::string()>>> dump_sections;
};

void RegisterControlRoutes(httplib::Server& server, ControlContext& context);

}  // namespace stablecut::sandbox
