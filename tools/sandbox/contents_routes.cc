// Contents routes.
#include "tools/sandbox/contents_routes.h"

#include <map>

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/github_json.h"
#include "tools/sandbox/repo_queries.h"

namespace stablecut::sandbox {
namespace {

// Git's blob id: sha1("blob <size>\0<contents>").
std::string BlobSha(std::string const& contents) {
  std::string object = absl::StrCat("blob ", contents.size(), std::string(1, '\0'), contents);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<unsigned char const*>(object.data()), object.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char const*>(digest), SHA_DIGEST_LENGTH));
}

std::string BaseName(std::string const& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// GitHub wraps base64 content at 60 characters.
std::string WrappedBase64(std::string const& contents) {
  std::string encoded;
  absl::Base64Escape(contents, &encoded);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 60) {
    absl::StrAppend(&out, encoded.substr(i, 60), "\n");
  }
  return out;
}

nlohmann::json Entry(Call const& call, std::string const& ref, std::string const& path,
                     std::string const& type, std::string const& sha, int64_t size) {
  Repo const& repo = *call.repo;
  std::string self = absl::StrCat(call.env.RepoApi(repo), "/contents/", path, "?ref=", ref);
  std::string git =
      absl::StrCat(call.env.RepoApi(repo), type == "dir" ? "/git/trees/" : "/git/blobs/", sha);
  std::string html =
      absl::StrCat(call.env.RepoWeb(repo), type == "dir" ? "/tree/" : "/blob/", ref, "/", path);
  return {{"type", type},
          {"name", BaseName(path)},
          {"path", path},
          {"sha", sha},
          {"size", size},
          {"url", self},
          {"git_url", git},
          {"html_url", html},
          {"download_url", type == "file" ? nlohmann::json(absl::StrCat(call.env.RepoWeb(repo),
                                                                        "/raw/", ref, "/", path))
                                          : nlohmann::json(nullptr)},
          {"_links", {{"self", self}, {"git", git}, {"html", html}}}};
}

void GetContents(Call& call) {
  std::string ref = call.Param("ref").empty() ? call.repo->default_branch : call.Param("ref");
  Commit const* commit = ResolveCommit(*call.repo, ref);
  if (commit == nullptr) return call.Error(404, absl::StrCat("No commit found for the ref ", ref));
  std::string path = call.Match(3);
  while (absl::EndsWith(path, "/")) path.pop_back();

  auto submodule = commit->submodules.find(path);
  if (submodule != commit->submodules.end()) {
    // Querying the submodule path itself answers type "submodule" with the pin (§9).
    nlohmann::json entry = Entry(call, ref, path, "submodule", submodule->second, 0);
    auto url = call.repo->submodule_urls.find(path);
    entry["submodule_git_url"] = url == call.repo->submodule_urls.end()
                                     ? nlohmann::json(nullptr)
                                     : nlohmann::json(url->second);
    return call.Json(200, entry);
  }
  auto file = commit->files.find(path);
  if (file != commit->files.end()) {
    nlohmann::json entry = Entry(call, ref, path, "file", BlobSha(file->second),
                                 static_cast<int64_t>(file->second.size()));
    entry["content"] = WrappedBase64(file->second);
    entry["encoding"] = "base64";
    return call.Json(200, entry);
  }
  // A directory: its direct children. In a listing, API 2022-11-28 shows a submodule as
  // type "file" (§9).
  std::string prefix = path.empty() ? "" : path + "/";
  std::map<std::string, nlohmann::json> children;
  auto add = [&](std::string const& child_path, std::string const& sha, int64_t size) {
    if (!absl::StartsWith(child_path, prefix)) return;
    std::string rest = child_path.substr(prefix.size());
    auto slash = rest.find('/');
    if (slash == std::string::npos) {
      children[rest] = Entry(call, ref, child_path, "file", sha, size);
    } else {
      std::string dir = rest.substr(0, slash);
      children.emplace(dir, Entry(call, ref, prefix + dir, "dir", commit->sha, 0));
    }
  };
  for (auto const& [file_path, contents] : commit->files) {
    add(file_path, BlobSha(contents), static_cast<int64_t>(contents.size()));
  }
  for (auto const& [module_path, sha] : commit->submodules) add(module_path, sha, 0);
  if (children.empty()) return call.NotFound();
  nlohmann::json listing = nlohmann::json::array();
  for (auto const& [name, entry] : children) listing.push_back(entry);
  call.Json(200, listing);
}

}  // namespace

void RegisterContentsRoutes(GitHubRouter& router) {
  router.Get("/contents(?:/(.*))?", GetContents);
}

}  // namespace stablecut::sandbox
