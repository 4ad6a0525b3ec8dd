#pragma once
// One outbound HTTP request, as the typed clients build it and http::Client sends it.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "lib/http/body.h"
#include "absl/status/status.h"
#include "lib/http/call_context.h"
#include "lib/http/response.h"
#include "lib/http/secret.h"

namespace stablecut::http {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;

  // Sent as `Authorization: <auth_scheme> <credential>` to the request URL's host and port
  // only: never to a host a redirect leads to.
  std::string auth_scheme;  // "Bearer", "Basic", …; empty: no Authorization header
  Secret credential;

  std::string body;                  // used when body_source is null
  ByteSource* body_source = nullptr;  // not owned; streamed
  ByteSink* response_sink = nullptr;  // not owned; receives a 2xx body as it arrives
  // Called with a 2xx answer's status and headers before the first byte of its body goes to
  // response_sink; an error ends the call with it unchanged and nothing written. For answers
  // whose headers decide whether their bytes are the ones asked for (a Range request that a
  // server may answer 200 with the whole file). Not called for an empty body: the caller
  // still checks the final answer.
  std::function<absl::Status(Response const& head)> check_sink_head;

  // Whether sending it twice is harmless. A request that is not is retried only when the
  // answer says nothing was done (429, rate limit, 502/503/504) or nothing was sent (could
  // not resolve or connect); after a failure that may have reached the server, the caller
  // reconciles by reading.
  bool idempotent = true;
  bool follow_redirects = true;

  // Names for logs and errors: "GitHub", "GET releases/tags".
  std::string service;
  std::string operation;

  absl::Duration connect_timeout = absl::Seconds(10);
  // Whole-attempt limit for small calls; 0 for streams, which use stall_timeout instead.
  absl::Duration attempt_timeout = absl::Seconds(60);
  // A stream that moves fewer than 1 KiB in this long is cut.
  absl::Duration stall_timeout = absl::Seconds(60);
  // The caller's deadline and cancellation for all attempts together (e.g. the incoming
  // RPC's). Default: no deadline, never cancelled.
  CallContext context;
};

}  // namespace stablecut::http
