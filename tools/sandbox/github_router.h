#pragma once
// The frame of every GitHub API route: User-Agent, API version and token checks, the rate
// limit, JSON answers and errors, pagination, ETags and 304s (docs/reference/github.md §1-§4).

#include <functional>
#include <string>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "absl/time/time.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/rate_limiter.h"
#include "tools/sandbox/state.h"
#include "tools/sandbox/state_store.h"
#include "tools/sandbox/tokens.h"

namespace stablecut::sandbox {

class BuildRunner;

inline constexpr char kApiVersion[] = "2022-11-28";
inline constexpr char kDocsUrl[] = "https://docs.github.com/rest";

// What every GitHub route needs; owned by SandboxServer, outlives the routes.
struct GitHubEnv {
  StateStore* store = nullptr;
  Clock const* clock = nullptr;
  Tokens const* tokens = nullptr;
  RateLimiter* rate_limiter = nullptr;
  BuildRunner* builds = nullptr;  // runs build.yml's dispatches
  std::string origin;          // "http://127.0.0.1:<port>"
  std::string storage_origin;  // "http://localhost:<port>": another host on purpose
  std::string storage_key;     // HMAC key of signed download URLs

  std::string ApiBase() const { return origin + "/github"; }
  std::string UploadsBase() const { return origin + "/github-uploads"; }
  std::string WebBase() const { return origin + "/github-web"; }
  std::string RepoApi(Repo const& repo) const { return ApiBase() + "/repos/" + repo.FullName(); }
  std::string RepoWeb(Repo const& repo) const { return WebBase() + "/" + repo.FullName(); }
};

// kWrite: the write token, for contents (refs, releases, dispatches); kWriteIssues: the write
// token too, but GitHub names the issues permission when it refuses another.
enum class Need { kRead, kWrite, kWriteIssues };

// One GitHub request being answered.
class Call {
 public:
  Call(httplib::Request const& request, httplib::Response& response, GitHubEnv& env, Access access)
      : req(request), res(response), env(env), access(access), now(env.clock->Now()) {}

  httplib::Request const& req;
  httplib::Response& res;
  GitHubEnv& env;
  Access access;
  absl::Time now;
  State* state = nullptr;  // set, and locked, for routes that lock the state
  Repo* repo = nullptr;    // the repository named in the path, when the route has one

  std::string Match(size_t i) const { return req.matches[i].str(); }
  std::string Param(std::string const& name) const { return req.get_param_value(name); }
  bool can_see_drafts() const { return access == Access::kWrite; }

  void Json(int status, nlohmann::json const& body);
  // {"message", "documentation_url", "status", "errors"?}
  void Error(int status, std::string const& message, nlohmann::json errors = nullptr,
             std::string const& documentation_url = kDocsUrl);
  void NotFound();
  // 422 "Validation Failed" with one error {resource, code, field}.
  void ValidationFailed(std::string const& resource, std::string const& field,
                        std::string const& code, std::string const& message = "");
  // Answers one page of `items` per `per_page`/`page`, with a `link` header.
  void Page(nlohmann::json const& items);
  // Saves the state; on failure answers 500 and returns false.
  bool Save();
  // Parses the JSON object body; on failure answers 400 as GitHub does and returns false.
  bool Body(nlohmann::json* body);
};

class GitHubRouter {
 public:
  using Handler = std::function<void(Call&)>;
  using UploadHandler = std::function<void(Call&, httplib::ContentReader const&)>;

  GitHubRouter(httplib::Server& server, GitHubEnv& env) : server_(server), env_(env) {}

  // `repo_pattern` follows "/repos/{owner}/{repo}" ("" for the repository itself). The
  // handler runs with the state locked and call.repo set (404 when there is no such repo).
  void Get(std::string const& repo_pattern, Handler handler);
  void Post(std::string const& repo_pattern, Need need, Handler handler);
  void Patch(std::string const& repo_pattern, Need need, Handler handler);
  void Delete(std::string const& repo_pattern, Need need, Handler handler);
  // Routes of the uploads host ("/github-uploads/repos/{owner}/{repo}" + pattern). The
  // handler locks the state itself, so that no lock is held while the body streams in.
  void Upload(std::string const& repo_pattern, UploadHandler handler);
  // Routes outside /repos (e.g. "/rate_limit"); state locked, call.repo null.
  void GetTop(std::string const& pattern, Handler handler);
  // GitHub's 404 for every other path under the API and uploads bases. Register last.
  void AddNotFoundRoutes();

 private:
  // Runs the checks, then `body`; then the ETag and rate-limit headers.
  void Serve(httplib::Request const& req, httplib::Response& res, Need need,
             std::function<void(Call&)> const& body);
  Handler Locked(Handler handler, bool with_repo);

  httplib::Server& server_;
  GitHubEnv& env_;
};

}  // namespace stablecut::sandbox
