// Parsing, matching and consuming injected faults.
#include "tools/sandbox/faults.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox {
namespace {

bool GetInt(nlohmann::json const& json, char const* key, int64_t* out, std::string* error) {
  if (!json.contains(key)) return true;
  if (!json[key].is_number_integer()) {
    *error = absl::StrCat("'", key, "' must be an integer");
    return false;
  }
  *out = json[key].get<int64_t>();
  return true;
}

}  // namespace

absl::StatusOr<Fault> ParseFault(absl::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError("fault must be a JSON object");
  }
  Fault fault;
  if (json.contains("method")) {
    if (!json["method"].is_string()) return absl::InvalidArgumentError("'method' must be a string");
    fault.method = absl::AsciiStrToUpper(json["method"].get<std::string>());
  }
  if (!json.contains("path_regex") || !json["path_regex"].is_string()) {
    return absl::InvalidArgumentError("'path_regex' (a string) is required");
  }
  fault.path_regex = json["path_regex"].get<std::string>();
  if (json.contains("body")) {
    if (!json["body"].is_string()) return absl::InvalidArgumentError("'body' must be a string");
    fault.body = json["body"].get<std::string>();
  }
  int64_t status = 0;
  std::string error;
  if (!GetInt(json, "status", &status, &error) ||
      !GetInt(json, "retry_after_seconds", &fault.retry_after_seconds, &error) ||
      !GetInt(json, "ratelimit_reset_in_seconds", &fault.ratelimit_reset_in_seconds, &error) ||
      !GetInt(json, "drop_after_bytes", &fault.drop_after_bytes, &error) ||
      !GetInt(json, "drop_request_after_bytes", &fault.drop_request_after_bytes, &error) ||
      !GetInt(json, "latency_ms", &fault.latency_ms, &error) ||
      !GetInt(json, "count", &fault.count, &error)) {
    return absl::InvalidArgumentError(error);
  }
  if (status != 0 && (status < 100 || status > 599)) {
    return absl::InvalidArgumentError("'status' must be an HTTP status code");
  }
  fault.status = static_cast<int>(status);
  if (fault.count < 1) return absl::InvalidArgumentError("'count' must be at least 1");
  if (fault.status == 0 && fault.latency_ms == 0 && fault.drop_after_bytes < 0 &&
      fault.drop_request_after_bytes < 0) {
    return absl::InvalidArgumentError(
        "a fault needs a 'status', 'latency_ms', 'drop_after_bytes' or "
        "'drop_request_after_bytes'");
  }
  if (fault.drop_request_after_bytes >= 0 && (fault.status != 0 || fault.drop_after_bytes >= 0)) {
    return absl::InvalidArgumentError(
        "'drop_request_after_bytes' closes the connection unanswered: it cannot have a "
        "'status' or 'drop_after_bytes'");
  }
  return fault;
}

absl::Status FaultList::Add(Fault fault) {
  std::regex pattern;
  // std::regex reports a bad pattern only by throwing.
  try {
    pattern = std::regex(fault.path_regex);
  } catch (std::exception const&) {
    return absl::InvalidArgumentError(
        absl::StrCat("'path_regex' is not a regular expression: ", fault.path_regex));
  }
  absl::MutexLock lock(&mu_);
  int64_t count = fault.count;
  armed_.push_back(Armed{std::move(fault), std::move(pattern), count});
  return absl::OkStatus();
}

void FaultList::Clear() {
  absl::MutexLock lock(&mu_);
  armed_.clear();
}

std::optional<Fault> FaultList::Take(absl::string_view method, std::string const& path) {
  absl::MutexLock lock(&mu_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->fault.method != "*" && it->fault.method != method) continue;
    if (!std::regex_search(path, it->pattern)) continue;
    Fault fault = it->fault;
    if (--it->remaining <= 0) armed_.erase(it);
    return fault;
  }
  return std::nullopt;
}

std::string FaultList::DumpJson() const {
  absl::MutexLock lock(&mu_);
  nlohmann::json out = nlohmann::json::array();
  for (Armed const& armed : armed_) {
    out.push_back({{"method", armed.fault.method},
                   {"path_regex", armed.fault.path_regex},
                   {"status", armed.fault.status},
                   {"remaining", armed.remaining}});
  }
  return out.dump();
}

}  // namespace stablecut::sandbox
