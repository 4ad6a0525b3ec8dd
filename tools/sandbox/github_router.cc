// The checks and headers shared by every GitHub route.
#include "tools/sandbox/github_router.h"

#include <algorithm>
#include <utility>

#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/sandbox/url.h"

namespace stablecut::sandbox {
namespace {

constexpr char kRepoPrefix[] = "/github/repos/([^/]+)/([^/]+)";
constexpr char kUploadsRepoPrefix[] = "/github-uploads/repos/([^/]+)/([^/]+)";

std::string Sha256Hex(std::string const& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// If-None-Match may list several tags, weak or strong; compare the opaque parts.
bool EtagMatches(std::string const& if_none_match, std::string const& etag) {
  auto opaque = [](absl::string_view tag) {
    tag = absl::StripAsciiWhitespace(tag);
    if (absl::StartsWith(tag, "W/")) tag.remove_prefix(2);
    return tag;
  };
  for (absl::string_view candidate : absl::StrSplit(if_none_match, ',')) {
    if (opaque(candidate) == opaque(etag) || opaque(candidate) == "*") return true;
  }
  return false;
}

int64_t IntParam(httplib::Request const& req, char const* name, int64_t fallback) {
  int64_t value = 0;
  if (!req.has_param(name) || !absl::SimpleAtoi(req.get_param_value(name), &value)) {
    return fallback;
  }
  return value;
}

}  // namespace

void Call::Json(int status, nlohmann::json const& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void Call::Error(int status, std::string const& message, nlohmann::json errors,
                 std::string const& documentation_url) {
  nlohmann::json body = {{"message", message},
                         {"documentation_url", documentation_url},
                         {"status", std::to_string(status)}};
  if (!errors.is_null()) body["errors"] = std::move(errors);
  Json(status, body);
}

void Call::NotFound() { Error(404, "Not Found"); }

void Call::ValidationFailed(std::string const& resource, std::string const& field,
                            std::string const& code, std::string const& message) {
  nlohmann::json error = {{"resource", resource}, {"code", code}, {"field", field}};
  if (!message.empty()) error["message"] = message;
  Error(422, "Validation Failed", nlohmann::json::array({error}));
}

bool Call::Save() {
  absl::Status saved = env.store->Save();
  if (saved.ok()) return true;
  Error(500, absl::StrCat("sandbox could not save its state: ", saved.message()));
  return false;
}

bool Call::Body(nlohmann::json* body) {
  *body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body->is_discarded()) {
    Error(400, "Problems parsing JSON");
    return false;
  }
  if (!body->is_object()) {
    Error(400, "Body should be a JSON object");
    return false;
  }
  return true;
}

void Call::Page(nlohmann::json const& items) {
  int64_t per_page = std::clamp<int64_t>(IntParam(req, "per_page", 30), 1, 100);
  int64_t page = std::max<int64_t>(IntParam(req, "page", 1), 1);
  int64_t total = static_cast<int64_t>(items.size());
  int64_t last = std::max<int64_t>(1, (total + per_page - 1) / per_page);
  nlohmann::json slice = nlohmann::json::array();
  for (int64_t i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
    slice.push_back(items[static_cast<size_t>(i)]);
  }
  auto url = [&](int64_t target) {
    std::multimap<std::string, std::string> params = req.params;
    params.erase("page");
    params.emplace("page", std::to_string(target));
    return absl::StrCat("<", env.origin, EncodePath(req.path), "?", EncodeQuery(params), ">");
  };
  std::vector<std::string> links;
  if (page > 1) links.push_back(url(std::min(page - 1, last)) + "; rel=\"prev\"");
  if (page < last) {
    links.push_back(url(page + 1) + "; rel=\"next\"");
    links.push_back(url(last) + "; rel=\"last\"");
  }
  if (page > 1) links.push_back(url(1) + "; rel=\"first\"");
  if (!links.empty()) res.set_header("Link", absl::StrJoin(links, ", "));
  Json(200, slice);
}

void GitHubRouter::Serve(httplib::Request const& req, httplib::Response& res, Need need,
                         std::function<void(Call&)> const& body) {
  Call call(req, res, env_, env_.tokens->Classify(req.get_header_value("Authorization")));
  std::string version = req.get_header_value("X-GitHub-Api-Version");
  if (req.get_header_value("User-Agent").empty()) {
    // GitHub refuses requests without a User-Agent (docs/reference/github.md §1).
    call.Error(403,
               "Request forbidden by administrative rules. Please make sure your request has "
               "a User-Agent header "
               "(https://docs.github.com/rest/overview/resources-in-the-rest-api#user-agent-"
               "required). Check https://developer.github.com for other possible causes.");
  } else if (!version.empty() && version != kApiVersion) {
    call.Error(400,
               absl::StrCat("API version '", version, "' is not supported. The sandbox implements ",
                            kApiVersion, " only."));
  } else if (call.access == Access::kBadCredentials) {
    call.Error(401, "Bad credentials");
  } else if (env_.rate_limiter->Peek(call.access, call.now).remaining == 0) {
    call.Error(403, call.access == Access::kAnonymous
                        ? "API rate limit exceeded for 127.0.0.1. (But here's the good news: "
                          "Authenticated requests get a higher rate limit. Check out the "
                          "documentation for more details.)"
                        : "API rate limit exceeded for user ID 1.");
  } else if (need != Need::kRead && call.access == Access::kAnonymous) {
    call.Error(401, "Requires authentication");
  } else if (need != Need::kRead && call.access != Access::kWrite) {
    res.set_header("X-Accepted-GitHub-Permissions",
                   need == Need::kWriteIssues ? "issues=write" : "contents=write");
    call.Error(403, "Resource not accessible by personal access token");
  } else {
    body(call);
  }
  if (res.status == -1) res.status = 200;
  if ((req.method == "GET" || req.method == "HEAD") && res.status == 200 && !res.body.empty()) {
    std::string etag = absl::StrCat("W/\"", Sha256Hex(res.body), "\"");
    res.set_header("ETag", etag);
    std::string if_none_match = req.get_header_value("If-None-Match");
    if (!if_none_match.empty() && EtagMatches(if_none_match, etag)) {
      res.status = 304;
      res.body.clear();
      res.headers.erase("Content-Type");
    }
  }
  // Conditional requests answered 304 do not count (docs/reference/github.md §3).
  RateLimitWindow window =
      env_.rate_limiter->Count(call.access, call.now, /*counts=*/res.status != 304);
  res.set_header("X-RateLimit-Limit", std::to_string(window.limit));
  res.set_header("X-RateLimit-Remaining", std::to_string(window.remaining));
  res.set_header("X-RateLimit-Used", std::to_string(window.used));
  res.set_header("X-RateLimit-Reset", std::to_string(window.reset_epoch_seconds));
  res.set_header("X-RateLimit-Resource", "core");
  res.set_header("X-GitHub-Api-Version-Selected", kApiVersion);
  res.set_header("X-GitHub-Media-Type", "github.v3; format=json");
  res.set_header("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
}

GitHubRouter::Handler GitHubRouter::Locked(Handler handler, bool with_repo) {
  return [this, handler = std::move(handler), with_repo](Call& call) {
    absl::MutexLock lock(&env_.store->mu());
    call.state = &env_.store->state();
    if (with_repo) {
      call.repo = call.state->FindRepo(call.Match(1), call.Match(2));
      if (call.repo == nullptr) {
        call.NotFound();
        return;
      }
    }
    handler(call);
  };
}

void GitHubRouter::Get(std::string const& repo_pattern, Handler handler) {
  server_.Get(kRepoPrefix + repo_pattern, [this, h = Locked(std::move(handler), true)](
                                              httplib::Request const& req, httplib::Response& res) {
    Serve(req, res, Need::kRead, h);
  });
}

void GitHubRouter::Post(std::string const& repo_pattern, Need need, Handler handler) {
  server_.Post(
      kRepoPrefix + repo_pattern,
      [this, need, h = Locked(std::move(handler), true)](
          httplib::Request const& req, httplib::Response& res) { Serve(req, res, need, h); });
}

void GitHubRouter::Patch(std::string const& repo_pattern, Need need, Handler handler) {
  server_.Patch(
      kRepoPrefix + repo_pattern,
      [this, need, h = Locked(std::move(handler), true)](
          httplib::Request const& req, httplib::Response& res) { Serve(req, res, need, h); });
}

void GitHubRouter::Delete(std::string const& repo_pattern, Need need, Handler handler) {
  server_.Delete(
      kRepoPrefix + repo_pattern,
      [this, need, h = Locked(std::move(handler), true)](
          httplib::Request const& req, httplib::Response& res) { Serve(req, res, need, h); });
}

void GitHubRouter::Upload(std::string const& repo_pattern, UploadHandler handler) {
  server_.Post(
      kUploadsRepoPrefix + repo_pattern,
      [this, handler = std::move(handler)](httplib::Request const& req, httplib::Response& res,
                                           httplib::ContentReader const& reader) {
        bool consumed = false;
        Serve(req, res, Need::kWrite, [&](Call& call) {
          consumed = true;
          handler(call, reader);
        });
        // A refused upload still has its body on the wire: read and drop it.
        if (!consumed) reader([](char const*, size_t) { return true; });
      });
}

void GitHubRouter::GetTop(std::string const& pattern, Handler handler) {
  server_.Get("/github" + pattern, [this, h = Locked(std::move(handler), false)](
                                       httplib::Request const& req, httplib::Response& res) {
    Serve(req, res, Need::kRead, h);
  });
}

void GitHubRouter::AddNotFoundRoutes() {
  auto not_found = [this](httplib::Request const& req, httplib::Response& res) {
    Serve(req, res, Need::kRead, [](Call& call) { call.NotFound(); });
  };
  for (char const* prefix : {"/github(/.*)?", "/github-uploads(/.*)?"}) {
    server_.Get(prefix, not_found);
    server_.Post(prefix, not_found);
    server_.Patch(prefix, not_found);
    server_.Put(prefix, not_found);
    server_.Delete(prefix, not_found);
  }
}

}  // namespace stablecut::sandbox
