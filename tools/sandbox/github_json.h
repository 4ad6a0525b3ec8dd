#pragma once
// The sandbox state rendered as GitHub's REST objects (API version 2022-11-28).

#include <string>

#include <nlohmann/json.hpp>

#include "tools/sandbox/github_router.h"
#include "tools/sandbox/state.h"

namespace stablecut::sandbox {

// The user the write token belongs to: issues, comments and releases made through the API
// are by this login, a member of every repository's organization.
inline constexpr char kWriteUserLogin[] = "stablecut-bot";
inline constexpr char kWriteUserAssociation[] = "MEMBER";

nlohmann::json UserJson(GitHubEnv const& env, std::string const& login, int64_t id,
                        bool organization = false);
// A user with the id the sandbox gives `login` (the same wherever it appears).
nlohmann::json UserJson(GitHubEnv const& env, std::string const& login);
nlohmann::json RepoJson(GitHubEnv const& env, Repo const& repo);
nlohmann::json ReleaseJson(GitHubEnv const& env, Repo const& repo, Release const& release);
nlohmann::json AssetJson(GitHubEnv const& env, Repo const& repo, Release const& release,
                         Asset const& asset);
nlohmann::json CommitJson(GitHubEnv const& env, Repo const& repo, Commit const& commit);
// A short commit, as in compare's base_commit / merge_base_commit and list entries.
nlohmann::json RefJson(GitHubEnv const& env, Repo const& repo, std::string const& ref,
                       std::string const& sha);
nlohmann::json StatusJson(GitHubEnv const& env, Repo const& repo, CommitStatus const& status);
nlohmann::json CheckRunJson(GitHubEnv const& env, Repo const& repo, CheckRun const& run);
nlohmann::json IssueJson(GitHubEnv const& env, Repo const& repo, Issue const& issue);
nlohmann::json IssueEventJson(GitHubEnv const& env, Repo const& repo, IssueEvent const& event);
nlohmann::json IssueCommentJson(GitHubEnv const& env, Repo const& repo,
                                IssueComment const& comment);

// A string, or null when empty.
nlohmann::json NullIfEmpty(std::string const& text);

}  // namespace stablecut::sandbox
