// Builders for GitHub's JSON objects, shaped as the recorded octokit fixtures show.
#include "tools/sandbox/github_json.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/sandbox/url.h"

namespace stablecut::sandbox {
namespace {

constexpr char const* kBotLogin = kWriteUserLogin;  // releases are the writer's too
constexpr int64_t kBotId = 1;
constexpr char kDeveloperLogin[] = "sandbox-developer";
constexpr int64_t kDeveloperId = 2;

std::string NodeId(char const* kind, int64_t id) { return absl::StrCat(kind, "_kw", id); }

// A stable id per login, so that one user has one id wherever they appear.
int64_t UserId(std::string const& login) {
  if (login == kBotLogin) return kBotId;
  if (login == kDeveloperLogin) return kDeveloperId;
  uint64_t hash = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : login) hash = (hash ^ c) * 1099511628211ull;
  return 100000 + static_cast<int64_t>(hash % 90000000);
}

}  // namespace

nlohmann::json NullIfEmpty(std::string const& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json UserJson(GitHubEnv const& env, std::string const& login, int64_t id,
                        bool organization) {
  std::string api = absl::StrCat(env.ApiBase(), "/users/", login);
  return {{"login", login},
          {"id", id},
          {"node_id", NodeId("U", id)},
          {"avatar_url", absl::StrCat("https://avatars.githubusercontent.com/u/", id, "?v=4")},
          {"gravatar_id", ""},
          {"url", api},
          {"html_url", absl::StrCat(env.WebBase(), "/", login)},
          {"repos_url", api + "/repos"},
          {"type", organization ? "Organization" : "User"},
          {"site_admin", false}};
}

nlohmann::json RepoJson(GitHubEnv const& env, Repo const& repo) {
  std::string api = env.RepoApi(repo);
  return {{"id", repo.id},
          {"node_id", NodeId("R", repo.id)},
          {"name", repo.name},
          {"full_name", repo.FullName()},
          {"private", false},
          {"owner", UserJson(env, repo.owner, repo.id + 1, /*organization=*/true)},
          {"html_url", env.RepoWeb(repo)},
          {"description", NullIfEmpty(repo.description)},
          {"fork", false},
          {"url", api},
          {"releases_url", api + "/releases{/id}"},
          {"git_refs_url", api + "/git/refs{/sha}"},
          {"commits_url", api + "/commits{/sha}"},
          {"compare_url", api + "/compare/{base}...{head}"},
          {"contents_url", api + "/contents/{+path}"},
          {"issues_url", api + "/issues{/number}"},
          {"statuses_url", api + "/statuses/{sha}"},
          {"created_at", repo.created_at},
          {"updated_at", repo.created_at},
          {"pushed_at", repo.created_at},
          {"clone_url", env.RepoWeb(repo) + ".git"},
          {"default_branch", repo.default_branch},
          {"visibility", "public"},
          {"archived", false},
          {"disabled", false},
          {"has_issues", true},
          {"permissions", {{"admin", false}, {"push", true}, {"pull", true}}}};
}

nlohmann::json AssetJson(GitHubEnv const& env, Repo const& repo, Release const& release,
                         Asset const& asset) {
  return {{"url", absl::StrCat(env.RepoApi(repo), "/releases/assets/", asset.id)},
          {"id", asset.id},
          {"node_id", NodeId("RA", asset.id)},
          {"name", asset.name},
          {"label", NullIfEmpty(asset.label)},
          {"uploader", UserJson(env, kBotLogin, kBotId)},
          {"content_type", asset.content_type},
          {"state", asset.state},
          {"size", asset.size},
          {"digest", NullIfEmpty(asset.digest)},
          {"download_count", asset.download_count},
          {"created_at", asset.created_at},
          {"updated_at", asset.updated_at},
          {"browser_download_url",
           absl::StrCat(env.RepoWeb(repo), "/releases/download/", EncodeComponent(release.tag_name),
                        "/", EncodeComponent(asset.name))}};
}

nlohmann::json ReleaseJson(GitHubEnv const& env, Repo const& repo, Release const& release) {
  std::string api = absl::StrCat(env.RepoApi(repo), "/releases/", release.id);
  // A draft has no tag yet: GitHub shows it under an "untagged-…" URL (docs/reference/github.md §5.2).
  std::string html =
      release.draft
          ? absl::StrCat(env.RepoWeb(repo), "/releases/tag/untagged-", release.id)
          : absl::StrCat(env.RepoWeb(repo), "/releases/tag/", EncodeComponent(release.tag_name));
  nlohmann::json assets = nlohmann::json::array();
  for (Asset const& asset : release.assets) assets.push_back(AssetJson(env, repo, release, asset));
  return {{"url", api},
          {"assets_url", api + "/assets"},
          {"upload_url", absl::StrCat(env.UploadsBase(), "/repos/", repo.FullName(), "/releases/",
                                      release.id, "/assets{?name,label}")},
          {"html_url", html},
          {"id", release.id},
          {"author", UserJson(env, kBotLogin, kBotId)},
          {"node_id", NodeId("RE", release.id)},
          {"tag_name", release.tag_name},
          {"target_commitish", release.target_commitish},
          {"name", NullIfEmpty(release.name)},
          {"draft", release.draft},
          {"immutable", false},
          {"prerelease", release.prerelease},
          {"created_at", release.created_at},
          {"updated_at", release.updated_at},
          {"published_at", NullIfEmpty(release.published_at)},
          {"assets", assets},
          {"tarball_url", release.draft ? nlohmann::json(nullptr)
                                        : nlohmann::json(absl::StrCat(
                                              env.RepoApi(repo), "/tarball/", release.tag_name))},
          {"zipball_url", release.draft ? nlohmann::json(nullptr)
                                        : nlohmann::json(absl::StrCat(
                                              env.RepoApi(repo), "/zipball/", release.tag_name))},
          {"body", NullIfEmpty(release.body)}};
}

nlohmann::json CommitJson(GitHubEnv const& env, Repo const& repo, Commit const& commit) {
  std::string api = absl::StrCat(env.RepoApi(repo), "/commits/", commit.sha);
  nlohmann::json parents = nlohmann::json::array();
  for (std::string const& parent : commit.parents) {
    parents.push_back({{"sha", parent},
                       {"url", absl::StrCat(env.RepoApi(repo), "/commits/", parent)},
                       {"html_url", absl::StrCat(env.RepoWeb(repo), "/commit/", parent)}});
  }
  nlohmann::json person = {
      {"name", "Sandbox Developer"}, {"email", "dev@example.com"}, {"date", commit.date}};
  return {{"sha", commit.sha},
          {"node_id", "C_" + commit.sha.substr(0, 12)},
          {"commit",
           {{"author", person},
            {"committer", person},
            {"message", commit.message},
            {"tree",
             {{"sha", commit.sha},
              {"url", absl::StrCat(env.RepoApi(repo), "/git/trees/", commit.sha)}}},
            {"url", absl::StrCat(env.RepoApi(repo), "/git/commits/", commit.sha)},
            {"comment_count", 0}}},
          {"url", api},
          {"html_url", absl::StrCat(env.RepoWeb(repo), "/commit/", commit.sha)},
          {"comments_url", api + "/comments"},
          {"author", UserJson(env, kDeveloperLogin, kDeveloperId)},
          {"committer", UserJson(env, kDeveloperLogin, kDeveloperId)},
          {"parents", parents}};
}

nlohmann::json RefJson(GitHubEnv const& env, Repo const& repo, std::string const& ref,
                       std::string const& sha) {
  return {{"ref", ref},
          {"node_id", "REF_" + sha.substr(0, 12)},
          {"url", absl::StrCat(env.RepoApi(repo), "/git/", ref)},
          {"object",
           {{"sha", sha},
            {"type", "commit"},
            {"url", absl::StrCat(env.RepoApi(repo), "/git/commits/", sha)}}}};
}

nlohmann::json StatusJson(GitHubEnv const& env, Repo const& repo, CommitStatus const& status) {
  return {{"url", absl::StrCat(env.RepoApi(repo), "/statuses/", status.sha)},
          {"avatar_url", "https://avatars.githubusercontent.com/u/1?v=4"},
          {"id", status.id},
          {"node_id", NodeId("SC", status.id)},
          {"state", status.state},
          {"description", NullIfEmpty(status.description)},
          {"target_url", NullIfEmpty(status.target_url)},
          {"context", status.context},
          {"created_at", status.created_at},
          {"updated_at", status.created_at}};
}

nlohmann::json CheckRunJson(GitHubEnv const& env, Repo const& repo, CheckRun const& run) {
  std::string html = absl::StrCat(env.RepoWeb(repo), "/runs/", run.id);
  return {{"id", run.id},
          {"node_id", NodeId("CR", run.id)},
          {"head_sha", run.head_sha},
          {"external_id", ""},
          {"url", absl::StrCat(env.RepoApi(repo), "/check-runs/", run.id)},
          {"html_url", html},
          {"details_url", html},
          {"status", run.status},
          {"conclusion", NullIfEmpty(run.conclusion)},
          {"started_at", NullIfEmpty(run.started_at)},
          {"completed_at", NullIfEmpty(run.completed_at)},
          {"output",
           {{"title", nullptr},
            {"summary", nullptr},
            {"text", nullptr},
            {"annotations_count", 0},
            {"annotations_url",
             absl::StrCat(env.RepoApi(repo), "/check-runs/", run.id, "/annotations")}}},
          {"name", run.name},
          {"check_suite", {{"id", run.check_suite_id}}},
          {"app",
           {{"id", 15368},
            {"slug", "github-actions"},
            {"name", "GitHub Actions"},
            {"owner", UserJson(env, "github", 9919, /*organization=*/true)}}},
          {"pull_requests", nlohmann::json::array()}};
}

nlohmann::json UserJson(GitHubEnv const& env, std::string const& login) {
  return UserJson(env, login, UserId(login));
}

nlohmann::json IssueJson(GitHubEnv const& env, Repo const& repo, Issue const& issue) {
  std::string api = absl::StrCat(env.RepoApi(repo), "/issues/", issue.number);
  nlohmann::json labels = nlohmann::json::array();
  int64_t position_id = 100;
  for (std::string const& label : issue.labels) {
    auto known = repo.labels.find(label);
    int64_t label_id = known != repo.labels.end() ? known->second : position_id;
    labels.push_back({{"id", label_id},
                      {"node_id", NodeId("LA", label_id)},
                      {"url", absl::StrCat(env.RepoApi(repo), "/labels/", EncodeComponent(label))},
                      {"name", label},
                      {"color", "ededed"},
                      {"default", false},
                      {"description", nullptr}});
    ++position_id;
  }
  int64_t comments = std::count_if(
      repo.issue_comments.begin(), repo.issue_comments.end(),
      [&](IssueComment const& comment) { return comment.issue_number == issue.number; });
  nlohmann::json json = {
      {"url", api},
      {"repository_url", env.RepoApi(repo)},
      {"labels_url", api + "/labels{/name}"},
      {"comments_url", api + "/comments"},
      {"events_url", api + "/events"},
      {"html_url",
       absl::StrCat(env.RepoWeb(repo), issue.pull_request ? "/pull/" : "/issues/", issue.number)},
      {"id", issue.id},
      {"node_id", NodeId("I", issue.id)},
      {"number", issue.number},
      {"title", issue.title},
      {"user", UserJson(env, issue.user_login)},
      {"labels", labels},
      {"state", issue.state},
      {"locked", false},
      {"assignee", nullptr},
      {"assignees", nlohmann::json::array()},
      {"milestone", nullptr},
      {"comments", comments},
      {"created_at", issue.created_at},
      {"updated_at", issue.updated_at},
      {"closed_at", NullIfEmpty(issue.closed_at)},
      {"author_association", issue.author_association},
      {"active_lock_reason", nullptr},
      {"body", NullIfEmpty(issue.body)},
      {"timeline_url", api + "/timeline"},
      {"performed_via_github_app", nullptr},
      {"state_reason", NullIfEmpty(issue.state_reason)}};
  if (issue.pull_request) {
    std::string pull = absl::StrCat(env.RepoApi(repo), "/pulls/", issue.number);
    json["pull_request"] = {{"url", pull},
                            {"html_url", absl::StrCat(env.RepoWeb(repo), "/pull/", issue.number)},
                            {"diff_url", nullptr},
                            {"patch_url", nullptr},
                            {"merged_at", NullIfEmpty(issue.closed_at)}};
  }
  return json;
}

nlohmann::json IssueEventJson(GitHubEnv const& env, Repo const& repo, IssueEvent const& event) {
  return {{"id", event.id},
          {"node_id", NodeId("CE", event.id)},
          {"url", absl::StrCat(env.RepoApi(repo), "/issues/events/", event.id)},
          {"actor", UserJson(env, event.actor)},
          {"event", event.event},
          {"commit_id", NullIfEmpty(event.commit_id)},
          {"commit_url",
           event.commit_id.empty()
               ? nlohmann::json(nullptr)
               : nlohmann::json(absl::StrCat(env.RepoApi(repo), "/commits/", event.commit_id))},
          {"created_at", event.created_at},
          {"performed_via_github_app", nullptr}};
}

nlohmann::json IssueCommentJson(GitHubEnv const& env, Repo const& repo,
                                IssueComment const& comment) {
  std::string issue_api = absl::StrCat(env.RepoApi(repo), "/issues/", comment.issue_number);
  return {{"id", comment.id},
          {"node_id", NodeId("IC", comment.id)},
          {"url", absl::StrCat(env.RepoApi(repo), "/issues/comments/", comment.id)},
          {"html_url", absl::StrCat(env.RepoWeb(repo), "/issues/", comment.issue_number,
                                    "#issuecomment-", comment.id)},
          {"issue_url", issue_api},
          {"body", comment.body},
          {"user", UserJson(env, comment.user_login)},
          {"author_association", comment.author_association},
          {"created_at", comment.created_at},
          {"updated_at", comment.updated_at},
          {"performed_via_github_app", nullptr}};
}

}  // namespace stablecut::sandbox
