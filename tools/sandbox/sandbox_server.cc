// Wires the sandbox's routes, fault injection and request log onto one httplib server.
#include "tools/sandbox/sandbox_server.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/sandbox/actions_routes.h"
#include "tools/sandbox/comment_routes.h"
#include "tools/sandbox/commit_routes.h"
#include "tools/sandbox/connection/connection_watch.h"
#include "tools/sandbox/contents_routes.h"
#include "tools/sandbox/control_comments.h"
#include "tools/sandbox/criterion_seeds.h"
#include "tools/sandbox/demo_seed.h"
#include "tools/sandbox/git_ref_routes.h"
#include "tools/sandbox/issue_routes.h"
#include "tools/sandbox/issue_write_routes.h"
#include "tools/sandbox/release_routes.h"
#include "tools/sandbox/raw_routes.h"
#include "tools/sandbox/storage.h"
#include "tools/sandbox/worker_pool.h"

namespace stablecut::sandbox {
namespace {

// Requests one kept-alive connection may carry before the server closes it (httplib's
// default is 5; GitHub keeps a connection for many more).
constexpr size_t kKeepAliveMaxRequests = 1000;

// Carry a fault's drop_after_bytes, the arrival time and a client's hang-up from pre- to
// post-routing; never sent.
constexpr char kDropHeader[] = "X-Sandbox-Drop-After-Bytes";
constexpr char kReceivedHeader[] = "X-Sandbox-Received-Unix-Ms";
constexpr char kClientClosedHeader[] = "X-Sandbox-Client-Closed";

// How often a delayed answer looks whether its client is still there.
constexpr absl::Duration kWatchInterval = absl::Milliseconds(10);

// Waits `latency`, or until the client closes the connection; true when it did.
bool DelayUnlessClientLeaves(httplib::Request const& req, absl::Duration latency) {
  absl::Time end = absl::Now() + latency;
  int socket = FindConnectionSocket(req.remote_addr, req.remote_port, req.local_port);
  if (socket < 0) {
    absl::SleepFor(latency);
    return false;
  }
  for (;;) {
    if (PeerClosed(socket)) return true;
    absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    absl::SleepFor(std::min(left, kWatchInterval));
  }
}

// Takes a carried header off the response; "" when absent.
std::string TakeHeader(httplib::Response& res, char const* name) {
  if (!res.has_header(name)) return "";
  std::string value = res.get_header_value(name);
  res.headers.erase(name);
  return value;
}

std::string FaultMessage(int status, bool rate_limited) {
  if (rate_limited) return "API rate limit exceeded for user ID 1.";
  switch (status) {
    case 403:
    case 429:
      return "You have exceeded a secondary rate limit. Please wait a few minutes before you "
             "try again.";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Server Error";
    case 503:
      return "Service Unavailable";
    case 504:
      return "We couldn't respond to your request in time. Sorry about that.";
    default:
      return absl::StrCat("Injected fault ", status);
  }
}

// Makes the response stop after `limit` body bytes and close the connection.
void TruncateResponse(httplib::Response& res, size_t limit) {
  if (!res.body.empty()) {
    auto body = std::make_shared<std::string>(std::move(res.body));
    res.body.clear();
    res.content_length_ = body->size();
    res.content_provider_ = [body, limit](size_t offset, size_t length, httplib::DataSink& sink) {
      if (offset >= limit) return false;
      sink.write(body->data() + offset, std::min(length, limit - offset));
      return true;
    };
  } else if (res.content_provider_) {
    auto inner = std::move(res.content_provider_);
    res.content_provider_ = [inner, limit](size_t offset, size_t length, httplib::DataSink& sink) {
      if (offset >= limit) return false;
      return inner(offset, std::min(length, limit - offset), sink);
    };
  }
}

bool IsSeed(std::string const& name) {
  return name == "demo" || name == "none" || IsCriterionSeed(name);
}

std::string SeedChoices() {
  return absl::StrCat("demo, none or one of ", absl::StrJoin(CriterionSeedNames(), ", "));
}

// Reads up to `bytes` of the request's body straight from its socket (past what httplib has
// buffered; a second without data ends it early), then shuts the connection both ways, so
// the client sees it lost while still sending and the request is never handled. Lingering
// off makes httplib's close of the socket a reset: a client still sending would otherwise
// wait on a full window until the kernel gave up on the orphaned connection, a minute on.
void DropConnectionMidRequest(httplib::Request const& req, int64_t bytes) {
  int socket = FindConnectionSocket(req.remote_addr, req.remote_port, req.local_port);
  if (socket < 0) return;
  char buffer[16384];
  while (bytes > 0) {
    pollfd readable{socket, POLLIN, 0};
    if (poll(&readable, 1, 1000) <= 0) break;
    ssize_t got = recv(socket, buffer, std::min<int64_t>(bytes, sizeof buffer), 0);
    if (got <= 0) break;
    bytes -= got;
  }
  linger reset{1, 0};
  setsockopt(socket, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  shutdown(socket, SHUT_RDWR);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SandboxServer>> SandboxServer::Create(SandboxOptions options) {
  if (!IsSeed(options.seed)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--seed=", options.seed, " is not a seed; use ", SeedChoices()));
  }
  std::unique_ptr<SandboxServer> server(new SandboxServer());
  server->ConfigureConnections();
  auto store = StateStore::Open(options.state_dir);
  if (!store.ok()) return store.status();
  server->store_ = *std::move(store);
  auto tokens = Tokens::LoadOrCreate(server->store_->dir());
  if (!tokens.ok()) return tokens.status();
  server->tokens_ = *std::move(tokens);
  {
    absl::MutexLock lock(&server->store_->mu());
    server->clock_.set_offset_seconds(server->store_->state().clock_offset_seconds);
  }
  if (server->store_->fresh()) {
    absl::Status seeded = server->Seed(options.seed);
    if (!seeded.ok()) return seeded;
    server->seeded_demo_ = options.seed == "demo";
  }
  server->env_.store = server->store_.get();
  server->env_.clock = &server->clock_;
  server->env_.tokens = &server->tokens_;
  server->env_.rate_limiter = &server->rate_limiter_;
  server->builds_ =
      std::make_unique<BuildRunner>(*server->store_, server->clock_, options.build_delay);
  server->env_.builds = server->builds_.get();
  // Signed URLs need not outlive the process: a fresh key per start.
  server->env_.storage_key = RandomHex(32);
  server->control_.store = server->store_.get();
  server->control_.clock = &server->clock_;
  server->control_.faults = &server->faults_;
  server->control_.requests = &server->requests_;
  SandboxServer* self = server.get();
  server->AddDumpSection("delaying", [self] { return std::to_string(self->delaying_.load()); });
  server->control_.reseed = [self](std::string const& name) {
    self->builds_->Clear();  // their dispatches go with the old state
    absl::Status seeded = self->Seed(name);
    if (!seeded.ok()) return seeded;
    for (auto const& hook : self->seed_hooks_) {
      absl::Status hooked = hook(name);
      if (!hooked.ok()) return hooked;
    }
    return absl::OkStatus();
  };
  return server;
}

absl::Status SandboxServer::Seed(std::string const& name) {
  if (!IsSeed(name)) {
    return absl::InvalidArgumentError(absl::StrCat("no seed named '", name, "'; use ", SeedChoices()));
  }
  absl::MutexLock lock(&store_->mu());
  State empty;
  empty.clock_offset_seconds = clock_.offset_seconds();
  absl::Status wiped = store_->Replace(empty);
  if (!wiped.ok() || name == "none") return wiped;
  StateStore* store = store_.get();
  auto blob_path = [store](int64_t id) { return store->BlobPath(id); };
  auto demo = name == "demo" ? BuildDemoState(clock_.Now(), blob_path)
                             : BuildCriterionState(name, clock_.Now(), blob_path);
  if (!demo.ok()) return demo.status();
  demo->clock_offset_seconds = clock_.offset_seconds();
  store_->state() = *std::move(demo);
  return store_->Save();
}

void SandboxServer::ConfigureConnections() {
  // httplib writes a response's headers and body separately: with Nagle's algorithm the
  // body then waits for the client's delayed ACK of the headers (~40 ms) on every reused
  // connection. Each write goes out at once instead.
  http_.set_tcp_nodelay(true);
  http_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  // A worker per connection, grown on demand: an idle kept-alive connection holds its
  // worker, and must not keep a new connection waiting (see worker_pool.h).
  http_.new_task_queue = [] { return new WorkerPool(); };
  // httplib listens with a backlog of 5: a burst of new connections (64 callers of a
  // service that each open one) overflows it, and the dropped SYNs are retried after 1 s.
  // Remember the listening socket, to widen its backlog once bound.
  http_.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_socket_ = sock;
  });
}

void SandboxServer::AddDumpSection(std::string name, std::function<std::string()> json_text) {
  control_.dump_sections.emplace_back(std::move(name), std::move(json_text));
}

void SandboxServer::AddSeedHook(std::function<absl::Status(std::string const&)> hook) {
  seed_hooks_.push_back(std::move(hook));
}

void SandboxServer::InstallHooks() {
  http_.set_pre_routing_handler([this](httplib::Request const& req, httplib::Response& res) {
    if (absl::StartsWith(req.path, "/_control/"))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header(kReceivedHeader, std::to_string(absl::ToUnixMillis(absl::Now())));
    auto fault = faults_.Take(req.method, req.path);
    if (!fault) return httplib::Server::HandlerResponse::Unhandled;
    // A client that gives up is not kept waiting: its request is still handled (a real
    // server that already has a request carries on with it), and the log says it left.
    if (fault->latency_ms > 0) {
      ++delaying_;
      bool left = DelayUnlessClientLeaves(req, absl::Milliseconds(fault->latency_ms));
      --delaying_;
      if (left) res.set_header(kClientClosedHeader, "1");
    }
    if (fault->drop_request_after_bytes >= 0) {
      DropConnectionMidRequest(req, fault->drop_request_after_bytes);
      res.status = 0;  // the log's "no answer"; writing it fails on the closed socket
      return httplib::Server::HandlerResponse::Handled;
    }
    if (fault->drop_after_bytes >= 0) {
      res.set_header(kDropHeader, std::to_string(fault->drop_after_bytes));
    }
    if (fault->status == 0) return httplib::Server::HandlerResponse::Unhandled;
    // The request's body is not read before an injected answer: tell the client to close
    // the connection, or its next request would be read after the unread bytes.
    res.set_header("Connection", "close");
    bool rate_limited = fault->ratelimit_reset_in_seconds >= 0;
    res.status = fault->status;
    if (fault->body.empty()) {
      nlohmann::json body = {{"message", FaultMessage(fault->status, rate_limited)},
                             {"documentation_url", kDocsUrl},
                             {"status", std::to_string(fault->status)}};
      res.set_content(body.dump(), "application/json; charset=utf-8");
    } else {
      res.set_content(fault->body, "application/json; charset=utf-8");
    }
    if (fault->retry_after_seconds >= 0) {
      res.set_header("Retry-After", std::to_string(fault->retry_after_seconds));
    }
    if (absl::StartsWith(req.path, "/github")) {
      Access who = tokens_.Classify(req.get_header_value("Authorization"));
      RateLimitWindow window = rate_limiter_.Peek(who, clock_.Now());
      if (rate_limited) {
        window.remaining = 0;
        window.used = window.limit;
        window.reset_epoch_seconds =
            absl::ToUnixSeconds(clock_.Now()) + fault->ratelimit_reset_in_seconds;
      }
      res.set_header("X-RateLimit-Limit", std::to_string(window.limit));
      res.set_header("X-RateLimit-Remaining", std::to_string(window.remaining));
      res.set_header("X-RateLimit-Used", std::to_string(window.used));
      res.set_header("X-RateLimit-Reset", std::to_string(window.reset_epoch_seconds));
      res.set_header("X-RateLimit-Resource", "core");
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  // Requests are recorded here, before the answer is written, so that a client that has
  // its answer always finds its request in the dump (httplib's logger runs after writing).
  http_.set_post_routing_handler([this](httplib::Request const& req, httplib::Response& res) {
    // After an injected answer the client closes the connection, but httplib still reads
    // the unread request body as further requests; they fail to parse (no method) and are
    // not requests anyone sent, so they stay out of the log.
    int64_t received_unix_ms = 0;
    (void)absl::SimpleAtoi(TakeHeader(res, kReceivedHeader), &received_unix_ms);
    bool client_closed = !TakeHeader(res, kClientClosedHeader).empty();
    if (!absl::StartsWith(req.path, "/_control/") && !req.method.empty()) {
      requests_.Add({req.method, RedactedTarget(req.path, req.params), res.status,
                     req.has_header("Authorization"),
                     tokens_.CredentialName(req.get_header_value("Authorization")),
                     FormatRfc3339(clock_.Now()), received_unix_ms, client_closed});
    }
    if (!res.has_header(kDropHeader)) return;
    size_t limit = 0;
    bool parsed = absl::SimpleAtoi(res.get_header_value(kDropHeader), &limit);
    res.headers.erase(kDropHeader);
    if (parsed) TruncateResponse(res, limit);
  });
  http_.set_exception_handler(
      [](httplib::Request const&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(
            R"({"message":"Server Error","documentation_url":"https://docs.github.com/rest"})",
            "application/json; charset=utf-8");
      });
}

absl::StatusOr<int> SandboxServer::Bind(int port) {
  bool bound = port == 0 ? (port = http_.bind_to_any_port("127.0.0.1")) > 0
                         : http_.bind_to_port("127.0.0.1", port);
  if (!bound) {
    return absl::UnavailableError(absl::StrCat("cannot listen on 127.0.0.1:", port));
  }
  if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);  // Linux: updates the backlog
  env_.origin = absl::StrCat("http://127.0.0.1:", port);
  // Another host name for the same port, so that clients see a cross-host redirect.
  env_.storage_origin = absl::StrCat("http://localhost:", port);
  InstallHooks();
  RegisterControlRoutes(http_, control_);
  RegisterControlCommentRoutes(http_, env_);
  RegisterStorageRoutes(http_, env_);
  RegisterRawRoutes(http_, env_);
  router_ = std::make_unique<GitHubRouter>(http_, env_);
  GitHubRouter& router = *router_;
  RegisterReleaseRoutes(router);
  RegisterCommitRoutes(router);
  RegisterGitRefRoutes(router);
  RegisterContentsRoutes(router);
  RegisterIssueRoutes(router);
  RegisterIssueWriteRoutes(router);
  RegisterCommentRoutes(router);
  RegisterActionsRoutes(router);
  router.GetTop("/rate_limit", [](Call& call) {
    RateLimitWindow window = call.env.rate_limiter->Peek(call.access, call.now);
    nlohmann::json core = {{"limit", window.limit},
                           {"remaining", window.remaining},
                           {"reset", window.reset_epoch_seconds},
                           {"used", window.used},
                           {"resource", "core"}};
    call.Json(200, {{"resources", {{"core", core}}}, {"rate", core}});
  });
  router.AddNotFoundRoutes();
  builds_->Start();
  return port;
}

bool SandboxServer::Serve() {
  bool served = http_.listen_after_bind();
  serve_returned_ = true;
  return served;
}

void SandboxServer::Stop() {
  // httplib's stop() does nothing until listen_after_bind() has marked the server running, so a
  // signal that arrives between Bind() and Serve() would be lost and the sandbox never exit.
  while (!http_.is_running() && !serve_returned_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  http_.stop();
  builds_->Stop();
}

}  // namespace stablecut::sandbox
