// Release and asset routes.
#include "tools/sandbox/release_routes.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <openssl/evp.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/github_json.h"
#include "tools/sandbox/repo_queries.h"
#include "tools/sandbox/storage.h"

namespace stablecut::sandbox {
namespace {

int64_t IdMatch(Call const& call, size_t i) {
  int64_t id = 0;
  return absl::SimpleAtoi(call.Match(i), &id) ? id : 0;
}

bool Visible(Call const& call, Release const& release) {
  return !release.draft || call.can_see_drafts();
}

// Validates the fields shared by create and update; false after answering 422.
bool CheckReleaseBody(Call& call, nlohmann::json const& body) {
  if (!CheckFieldTypes(call, body,
                       {{"tag_name", JsonType::kString},
                        {"target_commitish", JsonType::kString},
                        {"name", JsonType::kString},
                        {"body", JsonType::kString},
                        {"draft", JsonType::kBoolean},
                        {"prerelease", JsonType::kBoolean},
                        {"make_latest", JsonType::kString},
                        {"generate_release_notes", JsonType::kBoolean}})) {
    return false;
  }
  if (body.contains("make_latest")) {
    std::string value = body["make_latest"].get<std::string>();
    if (value != "true" && value != "false" && value != "legacy") {
      InvalidRequest(call, absl::StrCat("For 'properties/make_latest', \"", value,
                                        "\" is not one of [\"true\", \"false\", \"legacy\"]."));
      return false;
    }
  }
  if (body.contains("tag_name") && body["tag_name"].get<std::string>().empty()) {
    call.ValidationFailed("Release", "tag_name", "missing_field");
    return false;
  }
  return true;
}

// The tag's commit if the tag exists, else the commit `target_commitish` names now.
Commit const* ReleaseCommit(Repo const& repo, Release const& release) {
  auto tag = repo.refs.find("refs/tags/" + release.tag_name);
  if (tag != repo.refs.end()) {
    auto commit = repo.commits.find(tag->second);
    return commit == repo.commits.end() ? nullptr : &commit->second;
  }
  std::string target =
      release.target_commitish.empty() ? repo.default_branch : release.target_commitish;
  return ResolveCommit(repo, target);
}

// Publishing: the tag is created now, from target_commitish as it resolves now (§5.2).
void Publish(Repo& repo, Release& release, Commit const& commit, std::string const& now) {
  repo.refs.emplace("refs/tags/" + release.tag_name, commit.sha);
  release.published_at = now;
}

void ApplyMakeLatest(Repo& repo, Release const& release, std::string const& make_latest) {
  if (release.draft || release.prerelease) {
    // Drafts and pre-releases cannot be latest; GitHub ignores the request (§14).
    if (repo.latest_release_id == release.id) repo.latest_release_id = 0;
    return;
  }
  if (make_latest == "true") {
    repo.latest_release_id = release.id;
  } else if (make_latest == "legacy" ||
             (make_latest == "false" && repo.latest_release_id == release.id)) {
    repo.latest_release_id = 0;
  }
}

void ListReleases(Call& call) {
  std::vector<Release const*> releases;
  for (Release const& release : call.repo->releases) {
    if (Visible(call, release)) releases.push_back(&release);
  }
  std::sort(releases.begin(), releases.end(), [](Release const* a, Release const* b) {
    return a->id > b->id;  // newest first: ids grow with creation
  });
  nlohmann::json items = nlohmann::json::array();
  for (Release const* release : releases) {
    items.push_back(ReleaseJson(call.env, *call.repo, *release));
  }
  call.Page(items);
}

void GetRelease(Call& call) {
  Release* release = FindRelease(*call.repo, IdMatch(call, 3));
  if (release == nullptr || !Visible(call, *release)) return call.NotFound();
  call.Json(200, ReleaseJson(call.env, *call.repo, *release));
}

void GetReleaseByTag(Call& call) {
  // Drafts are never found by tag, whatever the token (§5.1).
  for (Release const& release : call.repo->releases) {
    if (!release.draft && release.tag_name == call.Match(3)) {
      return call.Json(200, ReleaseJson(call.env, *call.repo, release));
    }
  }
  call.NotFound();
}

void GetLatestRelease(Call& call) {
  Release const* latest = LatestRelease(*call.repo);
  if (latest == nullptr) return call.NotFound();
  call.Json(200, ReleaseJson(call.env, *call.repo, *latest));
}

void CreateRelease(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body) || !CheckReleaseBody(call, body)) return;
  if (!body.contains("tag_name")) {
    return call.ValidationFailed("Release", "tag_name", "missing_field");
  }
  Repo& repo = *call.repo;
  Release release;
  release.tag_name = body["tag_name"].get<std::string>();
  release.target_commitish = body.value("target_commitish", repo.default_branch);
  release.name = body.value("name", "");
  release.body = body.value("body", "");
  release.draft = body.value("draft", false);
  release.prerelease = body.value("prerelease", false);
  if (FindReleaseByTag(repo, release.tag_name) != nullptr) {
    return call.ValidationFailed("Release", "tag_name", "already_exists");
  }
  Commit const* commit = ReleaseCommit(repo, release);
  if (commit == nullptr) {
    return call.ValidationFailed("Release", "target_commitish", "invalid");
  }
  std::string now = FormatRfc3339(call.now);
  release.id = call.state->NextId();
  // GitHub's created_at is the date of the release's commit, not of the call (§5.2).
  release.created_at = commit->date;
  release.updated_at = now;
  if (!release.draft) Publish(repo, release, *commit, now);
  ApplyMakeLatest(repo, release, body.value("make_latest", "true"));
  repo.releases.push_back(release);
  if (!call.Save()) return;
  call.res.set_header("Location", absl::StrCat(call.env.RepoApi(repo), "/releases/", release.id));
  call.Json(201, ReleaseJson(call.env, repo, release));
}

void UpdateRelease(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body) || !CheckReleaseBody(call, body)) return;
  Repo& repo = *call.repo;
  Release* release = FindRelease(repo, IdMatch(call, 3));
  if (release == nullptr) return call.NotFound();
  Release updated = *release;
  updated.tag_name = body.value("tag_name", updated.tag_name);
  updated.target_commitish = body.value("target_commitish", updated.target_commitish);
  updated.name = body.value("name", updated.name);
  updated.body = body.value("body", updated.body);
  updated.draft = body.value("draft", updated.draft);
  updated.prerelease = body.value("prerelease", updated.prerelease);
  if (updated.tag_name != release->tag_name) {
    Release* other = FindReleaseByTag(repo, updated.tag_name);
    if (other != nullptr) return call.ValidationFailed("Release", "tag_name", "already_exists");
  }
  std::string now = FormatRfc3339(call.now);
  bool publishing = release->draft && !updated.draft;
  if (publishing) {
    Commit const* commit = ReleaseCommit(repo, updated);
    if (commit == nullptr) {
      return call.ValidationFailed("Release", "target_commitish", "invalid");
    }
    Publish(repo, updated, *commit, now);
  }
  updated.updated_at = now;
  *release = updated;
  // make_latest defaults to "true" only for a release being published; an update that
  // omits it leaves the latest release alone (the strict reading of §14).
  if (body.contains("make_latest")) {
    ApplyMakeLatest(repo, *release, body["make_latest"].get<std::string>());
  } else if (publishing) {
    ApplyMakeLatest(repo, *release, "true");
  } else if (release->draft || release->prerelease) {
    ApplyMakeLatest(repo, *release, "false");
  }
  if (!call.Save()) return;
  call.Json(200, ReleaseJson(call.env, repo, *release));
}

void DeleteRelease(Call& call) {
  Repo& repo = *call.repo;
  auto it = std::find_if(repo.releases.begin(), repo.releases.end(),
                         [&](Release const& r) { return r.id == IdMatch(call, 3); });
  if (it == repo.releases.end()) return call.NotFound();
  for (Asset const& asset : it->assets) {
    std::error_code ignored;
    std::filesystem::remove(call.env.store->BlobPath(asset.id), ignored);
  }
  if (repo.latest_release_id == it->id) repo.latest_release_id = 0;
  // Deleting a release leaves its tag (§5.1).
  repo.releases.erase(it);
  if (!call.Save()) return;
  call.res.status = 204;
}

void ListAssets(Call& call) {
  Release* release = FindRelease(*call.repo, IdMatch(call, 3));
  if (release == nullptr || !Visible(call, *release)) return call.NotFound();
  nlohmann::json items = nlohmann::json::array();
  for (Asset const& asset : release->assets) {
    items.push_back(AssetJson(call.env, *call.repo, *release, asset));
  }
  call.Page(items);
}

void GetAsset(Call& call) {
  Release* release = nullptr;
  Asset* asset = nullptr;
  if (!FindAsset(*call.repo, IdMatch(call, 3), &release, &asset) || !Visible(call, *release)) {
    return call.NotFound();
  }
  if (absl::StrContains(call.req.get_header_value("Accept"), "application/octet-stream")) {
    // The bytes live on another host, behind a short-lived signed URL (§5.4).
    call.res.set_redirect(SignedDownloadUrl(call.env, *asset, call.now), 302);
    return;
  }
  call.Json(200, AssetJson(call.env, *call.repo, *release, *asset));
}

void DeleteAsset(Call& call) {
  for (Release& release : call.repo->releases) {
    auto it = std::find_if(release.assets.begin(), release.assets.end(),
                           [&](Asset const& a) { return a.id == IdMatch(call, 3); });
    if (it == release.assets.end()) continue;
    std::error_code ignored;
    std::filesystem::remove(call.env.store->BlobPath(it->id), ignored);
    release.assets.erase(it);
    if (!call.Save()) return;
    call.res.status = 204;
    return;
  }
  call.NotFound();
}

// Why an upload to `release_id` named `name` cannot go ahead (answered), or null if it can.
bool RefuseUpload(Call& call, Repo* repo, int64_t release_id, std::string const& name) {
  if (repo == nullptr) {
    call.NotFound();
    return true;
  }
  Release* release = FindRelease(*repo, release_id);
  if (release == nullptr) {
    call.NotFound();
    return true;
  }
  for (Asset const& asset : release->assets) {
    if (asset.name == name) {
      call.ValidationFailed("ReleaseAsset", "name", "already_exists");
      return true;
    }
  }
  return false;
}

struct ReceivedBlob {
  std::string path;
  int64_t size = 0;
  std::string sha256;
  bool ok = false;
};

// Streams the request body to a temporary blob, hashing it on the way.
ReceivedBlob ReceiveBlob(Call& call, httplib::ContentReader const& reader) {
  ReceivedBlob blob;
  blob.path = call.env.store->TemporaryBlobPath();
  std::FILE* file = std::fopen(blob.path.c_str(), "wb");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> hash(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(hash.get(), EVP_sha256(), nullptr);
  bool written = file != nullptr;
  reader([&](char const* data, size_t length) {
    if (written) written = std::fwrite(data, 1, length, file) == length;
    EVP_DigestUpdate(hash.get(), data, length);
    blob.size += static_cast<int64_t>(length);
    return true;
  });
  if (file != nullptr) written = (std::fclose(file) == 0) && written;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(hash.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    blob.sha256.push_back(kHex[digest[i] >> 4]);
    blob.sha256.push_back(kHex[digest[i] & 15]);
  }
  blob.ok = written;
  return blob;
}

void UploadAsset(Call& call, httplib::ContentReader const& reader) {
  auto drain = [&] { reader([](char const*, size_t) { return true; }); };
  int64_t release_id = IdMatch(call, 3);
  std::string name = call.Param("name");
  std::string content_type = call.req.get_header_value("Content-Type");
  if (name.empty()) {
    call.ValidationFailed("ReleaseAsset", "name", "missing_field");
    return drain();
  }
  if (content_type.empty()) {
    // Real GitHub may refuse this too; the sandbox always does (§14).
    call.ValidationFailed("ReleaseAsset", "content_type", "missing_field",
                          "Content-Type header is required");
    return drain();
  }
  {
    absl::MutexLock lock(&call.env.store->mu());
    Repo* repo = call.env.store->state().FindRepo(call.Match(1), call.Match(2));
    if (RefuseUpload(call, repo, release_id, name)) return drain();
  }
  ReceivedBlob blob = ReceiveBlob(call, reader);
  absl::MutexLock lock(&call.env.store->mu());
  State& state = call.env.store->state();
  Repo* repo = state.FindRepo(call.Match(1), call.Match(2));
  if (!blob.ok || RefuseUpload(call, repo, release_id, name)) {
    std::remove(blob.path.c_str());
    if (!blob.ok) call.Error(502, "Server Error");
    return;
  }
  Release* release = FindRelease(*repo, release_id);
  Asset asset;
  asset.id = state.NextId();
  asset.name = name;
  asset.label = call.Param("label");
  asset.content_type = content_type;
  asset.size = blob.size;
  asset.digest = "sha256:" + blob.sha256;
  asset.created_at = asset.updated_at = FormatRfc3339(call.now);
  if (std::rename(blob.path.c_str(), call.env.store->BlobPath(asset.id).c_str()) != 0) {
    std::remove(blob.path.c_str());
    return call.Error(502, "Server Error");
  }
  release->assets.push_back(asset);
  call.state = &state;
  if (!call.Save()) return;
  call.Json(201, AssetJson(call.env, *repo, *release, asset));
}

}  // namespace

void RegisterReleaseRoutes(GitHubRouter& router) {
  router.Get("/releases", ListReleases);
  router.Get("/releases/latest", GetLatestRelease);
  router.Get("/releases/tags/(.+)", GetReleaseByTag);
  router.Get("/releases/([0-9]+)", GetRelease);
  router.Get("/releases/([0-9]+)/assets", ListAssets);
  router.Get("/releases/assets/([0-9]+)", GetAsset);
  router.Post("/releases", Need::kWrite, CreateRelease);
  router.Patch("/releases/([0-9]+)", Need::kWrite, UpdateRelease);
  router.Delete("/releases/([0-9]+)", Need::kWrite, DeleteRelease);
  router.Delete("/releases/assets/([0-9]+)", Need::kWrite, DeleteAsset);
  router.Upload("/releases/([0-9]+)/assets", UploadAsset);
}

}  // namespace stablecut::sandbox
