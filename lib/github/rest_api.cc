#include "lib/github/rest_api.h"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/github/content_range.h"
#include "lib/github/link_header.h"
#include "lib/github/parse.h"
#include "lib/http/url.h"

namespace stablecut::github {
namespace {

constexpr char kJsonMediaType[] = "application/vnd.github+json";
constexpr char kBinaryMediaType[] = "application/octet-stream";

// Percent-encodes a path segment; `keep_slashes` for the documented exceptions
// (git/ref/{ref}, contents/{path}): docs/reference/github.md §1.
std::string Escape(absl::string_view text, bool keep_slashes = false) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slashes && c == '/')) {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

std::string Sha256Hex(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

// A commit named by its full id (SHA-1 or SHA-256 object names): what GitHub answers about it
// (the commit, a file's contents at it, a comparison of two such) never changes.
bool IsCommitId(absl::string_view ref) {
  if (ref.size() != 40 && ref.size() != 64) return false;
  return std::all_of(ref.begin(), ref.end(), [](char c) { return absl::ascii_isxdigit(c); });
}

std::string RepoPath(RepoRef const& repo) {
  return absl::StrCat("/repos/", Escape(repo.owner), "/", Escape(repo.name));
}

nlohmann::json ReleaseJson(ReleaseFields const& fields) {
  nlohmann::json body = nlohmann::json::object();
  if (fields.tag_name) body["tag_name"] = *fields.tag_name;
  if (fields.target_commitish) body["target_commitish"] = *fields.target_commitish;
  if (fields.name) body["name"] = *fields.name;
  if (fields.body) body["body"] = *fields.body;
  if (fields.draft) body["draft"] = *fields.draft;
  if (fields.prerelease) body["prerelease"] = *fields.prerelease;
  if (fields.make_latest) body["make_latest"] = *fields.make_latest;
  return body;
}

nlohmann::json IssueJson(IssueWrite const& issue) {
  nlohmann::json body = nlohmann::json::object();
  if (issue.title) body["title"] = *issue.title;
  if (issue.body) body["body"] = *issue.body;
  if (issue.state) body["state"] = *issue.state;
  if (issue.state_reason) body["state_reason"] = *issue.state_reason;
  // An empty set is sent as [] (it clears the labels), never left out.
  if (issue.labels) body["labels"] = nlohmann::json(*issue.labels);
  return body;
}

struct CachedResponse {
  std::string etag;
  std::string body;
  std::string link;
};

}  // namespace

struct RestApi::Impl {
  http::Client& client;
  RestApiOptions options;
  std::atomic<long> etag_hits{0};
  std::atomic<long> immutable_hits{0};
  absl::Mutex mu;
  std::unordered_map<std::string, CachedResponse> cache ABSL_GUARDED_BY(mu);

  Impl(http::Client& c, RestApiOptions o) : client(c), options(std::move(o)) {
    options.api_base_url = std::string(absl::StripSuffix(options.api_base_url, "/"));
    options.uploads_base_url = std::string(absl::StripSuffix(options.uploads_base_url, "/"));
  }

  std::string ApiUrl(absl::string_view path) const {
    return absl::StrCat(options.api_base_url, path);
  }

  http::Request NewRequest(http::CallContext const& context, std::string method,
                           std::string url, std::string operation,
                           absl::string_view accept = kJsonMediaType) const {
    http::Request request;
    request.context = context;
    request.method = std::move(method);
    request.url = std::move(url);
    request.service = "GitHub";
    request.operation = std::move(operation);
    request.headers = {{"Accept", std::string(accept)},
                       {"X-GitHub-Api-Version", kGitHubApiVersion}};
    if (!options.token.empty()) {
      request.auth_scheme = "Bearer";
      request.credential = options.token.Current();
    }
    request.idempotent = request.method == "GET" || request.method == "PATCH" ||
                         request.method == "PUT" || request.method == "DELETE";
    return request;
  }

  absl::Status ErrorFor(http::Response const& response, absl::string_view operation) const {
    ApiError error = ParseApiError(response.body);
    std::string detail = error.message;
    for (auto const& item : error.errors) {
      absl::StrAppend(&detail, "; ", item.resource, item.field.empty() ? "" : ".", item.field,
                      " ", item.code, item.message.empty() ? "" : ": ", item.message);
    }
    std::string status = absl::StrCat(response.status, " ", detail);
    switch (response.status) {
      case 401:
        return absl::FailedPreconditionError(absl::StrCat(
            operation, ": GitHub rejected ", options.token_role, " (", status,
            "); check that it is valid and not expired"));
      case 403: {
        std::string needs = response.Header("x-accepted-github-permissions");
        return absl::FailedPreconditionError(absl::StrCat(
            operation, ": GitHub refused ", options.token_role, " (", status, ")",
            needs.empty() ? "; it lacks a permission" : absl::StrCat("; it needs ", needs)));
      }
      case 404:
        return absl::NotFoundError(absl::StrCat(operation, ": not found on GitHub (404), or ",
                                                options.token_role, " cannot see it"));
      case 422: {
        bool exists = absl::StrContains(absl::AsciiStrToLower(error.message), "already exists");
        for (auto const& item : error.errors) exists = exists || item.code == "already_exists";
        if (exists) {
          return absl::AlreadyExistsError(absl::StrCat(operation, ": already exists (", status, ")"));
        }
        if (absl::StartsWith(error.message, "No commit found")) {
          return absl::NotFoundError(absl::StrCat(operation, ": ", error.message));
        }
        return absl::InvalidArgumentError(
            absl::StrCat(operation, ": GitHub rejected the request (", status, ")"));
      }
      default:
        break;
    }
    if (response.status >= 500) {
      return absl::UnavailableError(absl::StrCat("GitHub failed ", operation, " (", status, ")"));
    }
    return absl::FailedPreconditionError(
        absl::StrCat(operation, ": unexpected answer from GitHub (", status, ")"));
  }

  // Sends; for GETs, revalidates with the cached ETag. An `immutable` answer (about commits
  // named by full id) cached once is answered from the cache without asking again: a 304
  // would cost a round trip for nothing. Any non-2xx is turned into an error.
  absl::StatusOr<http::Response> Call(http::Request request, long expected_status = 200,
                                      bool immutable = false) {
    std::string cache_key;
    if (request.method == "GET" && request.response_sink == nullptr) {
      // The token as a hash, so the cache holds no copy of it; a rotated token starts afresh.
      cache_key = absl::StrCat(request.url, "\n", request.headers.front().second, "\n",
                               Sha256Hex(request.credential.Reveal()));
      absl::MutexLock lock(&mu);
      auto it = cache.find(cache_key);
      if (it != cache.end() && immutable) {
        ++immutable_hits;
        http::Response cached;
        cached.status = 200;
        cached.body = it->second.body;
        cached.headers.emplace_back("link", it->second.link);
        cached.final_url = request.url;
        cached.attempts = 0;
        return cached;
      }
      if (it != cache.end()) request.headers.emplace_back("If-None-Match", it->second.etag);
    }
    auto response = client.Send(request);
    if (!response.ok()) return response.status();
    if (response->status == 304 && !cache_key.empty()) {
      absl::MutexLock lock(&mu);
      auto it = cache.find(cache_key);
      if (it != cache.end()) {
        ++etag_hits;
        response->status = 200;
        response->body = it->second.body;
        response->headers.emplace_back("link", it->second.link);
        return response;
      }
    }
    if (response->status != expected_status &&
        !(expected_status == 200 && response->status >= 200 && response->status < 300)) {
      return ErrorFor(*response, request.operation);
    }
    std::string etag = response->Header("etag");
    if (!cache_key.empty() && (!etag.empty() || immutable)) {
      absl::MutexLock lock(&mu);
      if (cache.size() >= options.etag_cache_entries) cache.clear();
      cache[cache_key] = CachedResponse{etag, response->body, response->Header("link")};
    }
    return response;
  }

  template <typename T>
  absl::StatusOr<T> GetParsed(http::CallContext const& context, std::string const& url,
                              std::string const& operation,
                              std::function<absl::StatusOr<T>(absl::string_view)> parse,
                              bool immutable = false) {
    auto response = Call(NewRequest(context, "GET", url, operation), 200, immutable);
    if (!response.ok()) return response.status();
    return Parsed(parse(response->body), operation);
  }

  template <typename T>
  static absl::StatusOr<T> Parsed(absl::StatusOr<T> value, absl::string_view operation) {
    if (value.ok()) return value;
    return absl::UnavailableError(absl::StrCat("GitHub answered ", operation,
                                               " with a response Stablecut cannot read: ",
                                               value.status().message()));
  }

  // Follows the `link` header's next URL verbatim (never builds page URLs).
  template <typename T>
  absl::StatusOr<std::vector<T>> GetAllPages(
      http::CallContext const& context, std::string url, std::string const& operation,
      std::function<absl::StatusOr<std::vector<T>>(absl::string_view)> parse,
      std::size_t max_items = SIZE_MAX) {
    std::vector<T> items;
    while (!url.empty() && items.size() < max_items) {
      auto response = Call(NewRequest(context, "GET", url, operation));
      if (!response.ok()) return response.status();
      auto page = Parsed(parse(response->body), operation);
      if (!page.ok()) return page.status();
      for (auto& item : *page) {
        if (items.size() >= max_items) break;
        items.push_back(std::move(item));
      }
      url = NextPageUrl(response->Header("link"));
    }
    return items;
  }

  absl::StatusOr<http::Response> SendJson(http::CallContext const& context, std::string method,
                                          std::string url, std::string operation,
                                          nlohmann::json const& body, long expected_status) {
    http::Request request =
        NewRequest(context, std::move(method), std::move(url), std::move(operation));
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body.dump();
    return Call(std::move(request), expected_status);
  }
};

RestApi::RestApi(http::Client& client, RestApiOptions options)
    : impl_(std::make_unique<Impl>(client, std::move(options))) {}
RestApi::~RestApi() = default;

long RestApi::etag_hits() const { return impl_->etag_hits.load(); }
long RestApi::immutable_hits() const { return impl_->immutable_hits.load(); }

absl::StatusOr<Repository> RestApi::GetRepository(http::CallContext const& context, RepoRef const& repo) {
  return impl_->GetParsed<Repository>(context, impl_->ApiUrl(RepoPath(repo)), "GET repository",
                                      ParseRepository);
}

absl::StatusOr<std::vector<Commit>> RestApi::ListCommits(http::CallContext const& context, RepoRef const& repo,
                                                         std::string const& branch,
                                                         int max_count) {
  int per_page = std::max(1, std::min(impl_->options.per_page, max_count));
  return impl_->GetAllPages<Commit>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/commits?sha=", Escape(branch),
                                 "&per_page=", per_page)),
      "GET commits", ParseCommits, static_cast<std::size_t>(std::max(0, max_count)));
}

absl::StatusOr<Commit> RestApi::GetCommit(http::CallContext const& context, RepoRef const& repo, std::string const& ref) {
  return impl_->GetParsed<Commit>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/commits/", Escape(ref))), "GET commit",
      ParseCommit, IsCommitId(ref));
}

absl::StatusOr<CombinedStatus> RestApi::GetCombinedStatus(http::CallContext const& context, RepoRef const& repo,
                                                          std::string const& ref) {
  return impl_->GetParsed<CombinedStatus>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/commits/", Escape(ref), "/status")),
      "GET combined status", ParseCombinedStatus);
}

absl::StatusOr<std::vector<CheckRun>> RestApi::ListCheckRuns(http::CallContext const& context, RepoRef const& repo,
                                                             std::string const& ref) {
  return impl_->GetAllPages<CheckRun>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/commits/", Escape(ref),
                                 "/check-runs?per_page=", impl_->options.per_page)),
      "GET check runs", [](absl::string_view body) -> absl::StatusOr<std::vector<CheckRun>> {
        auto page = ParseCheckRuns(body);
        if (!page.ok()) return page.status();
        return std::move(page->check_runs);
      });
}

absl::StatusOr<GitRef> RestApi::GetRef(http::CallContext const& context, RepoRef const& repo, std::string const& ref) {
  return impl_->GetParsed<GitRef>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/git/ref/", Escape(ref, true))),
      "GET git ref", ParseGitRef);
}

absl::StatusOr<std::vector<GitRef>> RestApi::ListMatchingRefs(http::CallContext const& context, RepoRef const& repo,
                                                              std::string const& prefix) {
  return impl_->GetAllPages<GitRef>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/git/matching-refs/", Escape(prefix, true),
                                 "?per_page=", impl_->options.per_page)),
      "GET matching refs", ParseGitRefs);
}

absl::StatusOr<GitRef> RestApi::CreateRef(http::CallContext const& context, RepoRef const& repo, std::string const& full_ref,
                                          std::string const& sha) {
  auto response = impl_->SendJson(context, "POST", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/git/refs")),
                                  "POST git refs", {{"ref", full_ref}, {"sha", sha}}, 201);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseGitRef(response->body), "POST git refs");
}

absl::StatusOr<std::vector<Release>> RestApi::ListReleases(http::CallContext const& context, RepoRef const& repo, int max_count) {
  int per_page = std::max(1, std::min(impl_->options.per_page, max_count));
  return impl_->GetAllPages<Release>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases?per_page=", per_page)),
      "GET releases", ParseReleases, static_cast<std::size_t>(std::max(0, max_count)));
}

absl::StatusOr<Release> RestApi::GetRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id) {
  return impl_->GetParsed<Release>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/", release_id)), "GET release",
      ParseRelease);
}

absl::StatusOr<Release> RestApi::GetReleaseByTag(http::CallContext const& context, RepoRef const& repo, std::string const& tag) {
  return impl_->GetParsed<Release>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/tags/", Escape(tag))),
      "GET release by tag", ParseRelease);
}

absl::StatusOr<Release> RestApi::GetLatestRelease(http::CallContext const& context, RepoRef const& repo) {
  return impl_->GetParsed<Release>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/latest")), "GET latest release",
      ParseRelease);
}

absl::StatusOr<Release> RestApi::CreateRelease(http::CallContext const& context, RepoRef const& repo, ReleaseFields const& fields) {
  auto response = impl_->SendJson(context, "POST", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases")),
                                  "POST releases", ReleaseJson(fields), 201);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseRelease(response->body), "POST releases");
}

absl::StatusOr<Release> RestApi::UpdateRelease(http::CallContext const& context, RepoRef const& repo, int64_t release_id,
                                               ReleaseFields const& fields) {
  auto response = impl_->SendJson(context, "PATCH", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/", release_id)),
      "PATCH release", ReleaseJson(fields), 200);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseRelease(response->body), "PATCH release");
}

absl::StatusOr<std::vector<ReleaseAsset>> RestApi::ListReleaseAssets(http::CallContext const& context, RepoRef const& repo,
                                                                     int64_t release_id) {
  return impl_->GetAllPages<ReleaseAsset>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/", release_id,
                                 "/assets?per_page=", impl_->options.per_page)),
      "GET release assets", ParseReleaseAssets);
}

absl::Status RestApi::DownloadReleaseAsset(http::CallContext const& context, RepoRef const& repo, int64_t asset_id,
                                           http::ByteSink& sink) {
  http::Request request = impl_->NewRequest(context, "GET", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/assets/", asset_id)),
      "GET release asset (download)", kBinaryMediaType);
  request.response_sink = &sink;
  request.attempt_timeout = absl::ZeroDuration();  // a stream: the stall timeout guards it
  auto response = impl_->Call(std::move(request));
  return response.status();
}

absl::Status RestApi::DownloadReleaseAssetRange(http::CallContext const& context,
                                                RepoRef const& repo, int64_t asset_id,
                                                int64_t offset, int64_t length,
                                                http::ByteSink& sink) {
  std::string const bytes = absl::StrCat("bytes=", offset, "-", offset + length - 1);
  std::string const what = absl::StrCat("GET release asset ", asset_id, " (", bytes, ")");
  if (offset < 0 || length <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "GET release asset ", asset_id, ": cannot ask for ", length, " bytes at offset ", offset,
        "; a range needs offset >= 0 and length > 0"));
  }
  http::Request request = impl_->NewRequest(
      context, "GET", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/releases/assets/", asset_id)),
      what, kBinaryMediaType);
  // http::Client sends request headers on every hop, so the Range reaches the storage host;
  // the Authorization header does not (it goes to the API's host only).
  request.headers.emplace_back("Range", bytes);
  // Checked before any byte reaches the sink: a server that ignores Range answers 200 with
  // the whole asset, and those bytes must never pass for the range.
  auto check = [offset, length, what](http::Response const& head) -> absl::Status {
    if (head.status != 206) {
      return absl::FailedPreconditionError(absl::StrCat(
          what, ": the asset's storage answered ", head.status, " instead of 206 Partial "
          "Content: it ignored the Range header; download the whole asset instead"));
    }
    std::string header = head.Header("content-range");
    auto range = ParseContentRange(header);
    if (!range || range->first != offset || range->last != offset + length - 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          what, ": the asset's storage answered 206 with Content-Range \"", header,
          "\", not the bytes asked for; check that the range lies within the asset's size"));
    }
    return absl::OkStatus();
  };
  request.check_sink_head = check;
  request.response_sink = &sink;
  request.attempt_timeout = absl::ZeroDuration();  // a stream: the stall timeout guards it
  auto response = impl_->client.Send(request);
  if (!response.ok()) return response.status();
  if (response->status == 416) {
    return absl::FailedPreconditionError(absl::StrCat(
        what, ": the asset's storage answered 416 Range Not Satisfiable (",
        response->Header("content-range"), "): the range starts past the asset's end; ask "
        "within its size"));
  }
  if (response->status < 200 || response->status >= 300) {
    return impl_->ErrorFor(*response, what);
  }
  // Also for an empty body, which never reached the check.
  return check(*response);
}

absl::StatusOr<ReleaseAsset> RestApi::UploadReleaseAsset(http::CallContext const& context, std::string const& upload_url,
                                                         std::string const& name,
                                                         std::string const& content_type,
                                                         http::ByteSource& content) {
  // upload_url is a URI template: ".../assets{?name,label}" (docs/reference/github.md §5.3).
  std::string base = upload_url.substr(0, upload_url.find('{'));
  http::Request request = impl_->NewRequest(context, "POST", absl::StrCat(base, "?name=", Escape(name)), "POST release asset");
  request.headers.emplace_back("Content-Type", content_type);
  request.body_source = &content;
  request.attempt_timeout = absl::ZeroDuration();
  auto response = impl_->Call(std::move(request), 201);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseReleaseAsset(response->body), "POST release asset");
}

absl::StatusOr<ContentEntry> RestApi::GetContent(http::CallContext const& context, RepoRef const& repo, std::string const& path,
                                                 std::string const& ref) {
  return impl_->GetParsed<ContentEntry>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/contents/", Escape(path, true), "?ref=",
                                 Escape(ref))),
      "GET contents", ParseContent, IsCommitId(ref));
}

absl::StatusOr<Comparison> RestApi::Compare(http::CallContext const& context, RepoRef const& repo, std::string const& base,
                                            std::string const& head) {
  return impl_->GetParsed<Comparison>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/compare/", Escape(base), "...", Escape(head),
                                 "?per_page=1")),
      "GET compare", ParseComparison, IsCommitId(base) && IsCommitId(head));
}

absl::StatusOr<std::vector<Issue>> RestApi::ListIssues(http::CallContext const& context, RepoRef const& repo,
                                                       IssueQuery const& query) {
  std::vector<std::string> labels;
  for (auto const& label : query.labels) labels.push_back(Escape(label));
  std::string url = impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues?state=",
                                               Escape(query.state), "&per_page=", impl_->options.per_page));
  if (!labels.empty()) absl::StrAppend(&url, "&labels=", absl::StrJoin(labels, ","));
  if (query.since) {
    absl::StrAppend(&url, "&since=",
                    Escape(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *query.since, absl::UTCTimeZone())));
  }
  auto issues = impl_->GetAllPages<Issue>(context, url, "GET issues", ParseIssues);
  if (!issues.ok()) return issues;
  std::vector<Issue> only_issues;
  for (auto& issue : *issues) {
    if (!issue.is_pull_request) only_issues.push_back(std::move(issue));
  }
  return only_issues;
}

absl::StatusOr<std::vector<IssueEvent>> RestApi::ListIssueEvents(http::CallContext const& context, RepoRef const& repo,
                                                                 int64_t number) {
  return impl_->GetAllPages<IssueEvent>(context, impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues/", number, "/events?per_page=",
                                 impl_->options.per_page)),
      "GET issue events", ParseIssueEvents);
}

absl::StatusOr<Issue> RestApi::CreateIssue(http::CallContext const& context, RepoRef const& repo,
                                           IssueWrite const& issue) {
  // A POST: http::Client sends it once unless the answer says nothing was done (api.h).
  auto response = impl_->SendJson(context, "POST", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues")),
                                  "POST issues", IssueJson(issue), 201);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseIssue(response->body), "POST issues");
}

absl::StatusOr<Issue> RestApi::UpdateIssue(http::CallContext const& context, RepoRef const& repo,
                                           int64_t number, IssueWrite const& issue) {
  std::string const operation = absl::StrCat("PATCH issue #", number);
  auto response = impl_->SendJson(context, "PATCH",
                                  impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues/", number)),
                                  operation, IssueJson(issue), 200);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseIssue(response->body), operation);
}

absl::StatusOr<std::vector<IssueComment>> RestApi::ListIssueComments(
    http::CallContext const& context, RepoRef const& repo, int64_t number) {
  // GitHub lists them by ascending id, which is creation order: oldest first as they come.
  return impl_->GetAllPages<IssueComment>(
      context,
      impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues/", number, "/comments?per_page=",
                                 impl_->options.per_page)),
      absl::StrCat("GET issue #", number, " comments"), ParseIssueComments);
}

absl::StatusOr<IssueComment> RestApi::CreateIssueComment(http::CallContext const& context,
                                                         RepoRef const& repo, int64_t number,
                                                         std::string const& body) {
  std::string const operation = absl::StrCat("POST issue #", number, " comment");
  auto response = impl_->SendJson(
      context, "POST", impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/issues/", number, "/comments")),
      operation, {{"body", body}}, 201);
  if (!response.ok()) return response.status();
  return Impl::Parsed(ParseIssueComment(response->body), operation);
}

absl::StatusOr<std::vector<WorkflowRun>> RestApi::ListWorkflowRuns(
    http::CallContext const& context, RepoRef const& repo, std::string const& workflow,
    std::string const& event, std::string const& branch) {
  auto list = impl_->GetParsed<WorkflowRunList>(
      context,
      impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/actions/workflows/", Escape(workflow),
                                 "/runs?event=", Escape(event), "&branch=", Escape(branch),
                                 "&per_page=100")),
      "GET workflow runs", ParseWorkflowRuns);
  if (!list.ok()) return list.status();
  return std::move(list->workflow_runs);
}

absl::StatusOr<std::optional<WorkflowRun>> RestApi::DispatchWorkflow(http::CallContext const& context, 
    RepoRef const& repo, std::string const& workflow, std::string const& ref,
    std::map<std::string, std::string> const& inputs) {
  nlohmann::json body = {{"ref", ref}, {"inputs", inputs}, {"return_run_details", true}};
  auto response = impl_->SendJson(context, "POST",
      impl_->ApiUrl(absl::StrCat(RepoPath(repo), "/actions/workflows/", Escape(workflow),
                                 "/dispatches")),
      "POST workflow dispatch", body, 200);
  if (!response.ok()) return response.status();
  if (response->status == 204) return std::optional<WorkflowRun>();
  auto run = Impl::Parsed(ParseWorkflowRun(response->body), "POST workflow dispatch");
  if (!run.ok()) return run.status();
  return std::optional<WorkflowRun>(*std::move(run));
}

}  // namespace stablecut::github
