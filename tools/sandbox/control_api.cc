// Control API routes.
#include "tools/sandbox/control_api.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tools/sandbox/control_reply.h"

namespace stablecut::sandbox {
namespace {

void Fail(httplib::Response& res, absl::Status const& status) {
  int code = status.code() == absl::StatusCode::kInvalidArgument ? 400 : 500;
  ControlReply(res, code, {{"error", std::string(status.message())}});
}

nlohmann::json ParseOrNull(std::string const& text) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return json.is_discarded() ? nlohmann::json(nullptr) : json;
}

void SetClock(ControlContext& context, httplib::Request const& req, httplib::Response& res) {
  nlohmann::json body = ParseOrNull(req.body);
  if (!body.is_object()) return Fail(res, absl::InvalidArgumentError("body must be a JSON object"));
  int64_t offset = context.clock->offset_seconds();
  if (body.contains("advance_seconds") && body["advance_seconds"].is_number_integer()) {
    offset += body["advance_seconds"].get<int64_t>();
  } else if (body.contains("now") && body["now"].is_string()) {
    absl::Time target;
    if (!ParseRfc3339(body["now"].get<std::string>(), &target)) {
      return Fail(res, absl::InvalidArgumentError("'now' is not an RFC 3339 time"));
    }
    offset = absl::ToUnixSeconds(target) - absl::ToUnixSeconds(absl::Now());
  } else {
    return Fail(
        res, absl::InvalidArgumentError("give 'advance_seconds' (an integer) or 'now' (RFC 3339)"));
  }
  context.clock->set_offset_seconds(offset);
  {
    absl::MutexLock lock(&context.store->mu());
    context.store->state().clock_offset_seconds = offset;
    absl::Status saved = context.store->Save();
    if (!saved.ok()) return Fail(res, saved);
  }
  ControlReply(res, 200, {{"now", FormatRfc3339(context.clock->Now())}, {"offset_seconds", offset}});
}

void DumpState(ControlContext& context, httplib::Response& res) {
  nlohmann::json dump;
  dump["now"] = FormatRfc3339(context.clock->Now());
  dump["clock_offset_seconds"] = context.clock->offset_seconds();
  dump["requests"] = ParseOrNull(context.requests->DumpJson());
  dump["faults"] = ParseOrNull(context.faults->DumpJson());
  {
    absl::MutexLock lock(&context.store->mu());
    // The state holds no credential: tokens live in their own files.
    nlohmann::json github = ParseOrNull(SerializeState(context.store->state()));
    dump["dispatches"] = github.value("dispatches", nlohmann::json::array());
    dump["github"] = std::move(github);
  }
  for (auto const& [name, section] : context.dump_sections) dump[name] = ParseOrNull(section());
  ControlReply(res, 200, dump);
}

}  // namespace

void RegisterControlRoutes(httplib::Server& server, ControlContext& context) {
  server.Get("/_control/health", [](httplib::Request const&, httplib::Response& res) {
    ControlReply(res, 200, {{"status", "ok"}});
  });
  server.Post("/_control/faults", [&context](httplib::Request const& req, httplib::Response& res) {
    auto fault = ParseFault(req.body);
    if (!fault.ok()) return Fail(res, fault.status());
    absl::Status added = context.faults->Add(*fault);
    if (!added.ok()) return Fail(res, added);
    ControlReply(res, 201, {{"armed", fault->count}});
  });
  server.Delete("/_control/faults", [&context](httplib::Request const&, httplib::Response& res) {
    context.faults->Clear();
    res.status = 204;
  });
  server.Post("/_control/clock", [&context](httplib::Request const& req, httplib::Response& res) {
    SetClock(context, req, res);
  });
  server.Get("/_control/state", [&context](httplib::Request const&, httplib::Response& res) {
    DumpState(context, res);
  });
  server.Post("/_control/seed", [&context](httplib::Request const& req, httplib::Response& res) {
    nlohmann::json body = ParseOrNull(req.body);
    std::string name = body.is_object() && body.contains("name") && body["name"].is_string()
                           ? body["name"].get<std::string>()
                           : "";
    absl::Status seeded = context.reseed(name);
    if (!seeded.ok()) return Fail(res, seeded);
    context.requests->Clear();
    ControlReply(res, 200, {{"seeded", name}});
  });
}

}  // namespace stablecut::sandbox
