// Parses GitHub REST response bodies (JSON text) into the structs of types.h.
#include "lib/github/parse.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace stablecut::github {
namespace {

using Json = nlohmann::json;

// GitHub objects nest a handful of levels; anything far deeper is not GitHub's.
constexpr int kMaxDepth = 64;
// How much of a body that is not JSON an error message quotes.
constexpr std::size_t kQuotedPrefixBytes = 60;
// How many entries of an error body's "errors" array ParseApiError keeps.
constexpr std::size_t kMaxApiErrorDetails = 100;

// The first error met while reading one response, for "<what>: field "<path>" <problem>".
class Reader {
 public:
  explicit Reader(std::string what) : what_(std::move(what)) {}

  void Fail(absl::string_view path, absl::string_view problem) {
    if (!status_.ok()) return;
    status_ = absl::InvalidArgumentError(absl::StrCat(what_, ": field \"", path, "\" ", problem));
  }
  absl::Status const& status() const { return status_; }

 private:
  std::string what_;
  absl::Status status_;
};

// One JSON object of the response, with its path from the root for error messages.
// Reading a field that is missing or of the wrong type records an error in the Reader
// and yields an empty value; callers check the Reader once at the end.
class Object {
 public:
  Object(Json const& json, std::string path, Reader& reader)
      : json_(json), path_(std::move(path)), reader_(reader) {}

  // A required string.
  std::string String(char const* key) const {
    Json const* value = Find(key);
    if (value == nullptr) return "";
    if (!value->is_string()) {
      Fail(key, "is not a string");
      return "";
    }
    return value->get<std::string>();
  }

  // A string GitHub documents as nullable, or may leave out: "" when null or absent.
  std::string NullableString(char const* key) const {
    auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return "";
    if (!it->is_string()) {
      Fail(key, "is not a string or null");
      return "";
    }
    return it->get<std::string>();
  }

  // A required integer in [0, 2^63).
  int64_t Count(char const* key) const {
    Json const* value = Find(key);
    if (value == nullptr) return 0;
    if (!value->is_number_integer()) {
      Fail(key, "is not an integer");
      return 0;
    }
    if (value->is_number_unsigned()) {
      auto unsigned_value = value->get<uint64_t>();
      if (unsigned_value > uint64_t{std::numeric_limits<int64_t>::max()}) {
        Fail(key, "is out of range");
        return 0;
      }
      return static_cast<int64_t>(unsigned_value);
    }
    auto signed_value = value->get<int64_t>();
    if (signed_value < 0) {
      Fail(key, "is negative");
      return 0;
    }
    return signed_value;
  }

  // A required boolean.
  bool Bool(char const* key) const {
    Json const* value = Find(key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) {
      Fail(key, "is not a boolean");
      return false;
    }
    return value->get<bool>();
  }

  // A boolean GitHub added later (older responses lack it): false when absent.
  bool OptionalBool(char const* key) const {
    if (json_.find(key) == json_.end()) return false;
    return Bool(key);
  }

  // A required RFC 3339 time.
  absl::Time Time(char const* key) const {
    Json const* value = Find(key);
    if (value == nullptr) return absl::InfinitePast();
    return ToTime(key, *value);
  }

  // A nullable RFC 3339 time: nullopt when null or absent.
  absl::optional<absl::Time> NullableTime(char const* key) const {
    auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return absl::nullopt;
    return ToTime(key, *it);
  }

  // A required nested object.
  Object Child(char const* key) const {
    Json const* value = Find(key);
    if (value != nullptr && !value->is_object()) {
      Fail(key, "is not an object");
      value = nullptr;
    }
    // After an error, reads of the child yield empty values (the first error is kept).
    return Object(value != nullptr ? *value : EmptyObject(), Path(key), reader_);
  }

  // Whether `key` is present and not null.
  bool Has(char const* key) const {
    auto it = json_.find(key);
    return it != json_.end() && !it->is_null();
  }

  // Calls read(element, path) for each element of the required array `key`.
  template <typename ReadElement>
  void ForEach(char const* key, ReadElement read) const {
    Json const* value = Find(key);
    if (value == nullptr) return;
    if (!value->is_array()) {
      Fail(key, "is not an array");
      return;
    }
    for (std::size_t i = 0; i < value->size() && reader_.status().ok(); ++i) {
      read((*value)[i], absl::StrCat(Path(key), "[", i, "]"));
    }
  }

  // Calls read(Object) for each element of the required array `key`; each must be an object.
  template <typename ReadObject>
  void ForEachObject(char const* key, ReadObject read) const {
    ForEach(key, [&](Json const& element, std::string const& path) {
      if (element.is_object()) {
        read(Object(element, path, reader_));
      } else {
        reader_.Fail(path, "is not an object");
      }
    });
  }

  // Records that the field `key` of this object is wrong.
  void Fail(char const* key, absl::string_view problem) const { reader_.Fail(Path(key), problem); }

  Reader& reader() const { return reader_; }

 private:
  static Json const& EmptyObject() {
    static Json const* const kEmpty = new Json(Json::object());
    return *kEmpty;
  }
  std::string Path(char const* key) const {
    return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
  }
  Json const* Find(char const* key) const {
    auto it = json_.find(key);
    if (it == json_.end()) {
      Fail(key, "is missing");
      return nullptr;
    }
    if (it->is_null()) {
      Fail(key, "is null");
      return nullptr;
    }
    return &*it;
  }
  absl::Time ToTime(char const* key, Json const& value) const {
    if (!value.is_string()) {
      Fail(key, "is not a string");
      return absl::InfinitePast();
    }
    auto const& text = value.get_ref<std::string const&>();
    absl::Time time;
    std::string error;
    // absl::ParseTime also reads "infinite-past"/"infinite-future": not RFC 3339.
    if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error) || time == absl::InfinitePast() ||
        time == absl::InfiniteFuture()) {
      Fail(key, absl::StrCat("is not an RFC 3339 time: \"", absl::CHexEscape(text), "\""));
      return absl::InfinitePast();
    }
    return time;
  }

  Json const& json_;
  std::string path_;
  Reader& reader_;
};

// Whether brackets in `text` nest deeper than `max_depth` (strings skipped). Checked
// before parsing so that no later recursion over the tree can go deep.
bool NestsDeeperThan(absl::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// Parses `text` as JSON, or says why it is none.
absl::StatusOr<Json> ParseJson(absl::string_view text, absl::string_view what) {
  if (text.size() > kMaxResponseBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": body of ", text.size(), " bytes exceeds the limit of ", kMaxResponseBytes));
  }
  if (NestsDeeperThan(text, kMaxDepth)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": JSON nested deeper than ", kMaxDepth, " levels"));
  }
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    absl::string_view prefix = text.substr(0, kQuotedPrefixBytes);
    return absl::InvalidArgumentError(absl::StrCat(what, ": body is not valid JSON (", text.size(),
                                                   " bytes, starting \"", absl::CHexEscape(prefix),
                                                   prefix.size() < text.size() ? "\"...)" : "\")"));
  }
  return json;
}

// Parses a body holding one object, read by read(Object) -> T.
template <typename T, typename ReadObject>
absl::StatusOr<T> ParseOne(absl::string_view text, absl::string_view what, ReadObject read) {
  auto json = ParseJson(text, what);
  if (!json.ok()) return json.status();
  if (!json->is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": expected a JSON object, got ", json->type_name()));
  }
  Reader reader{std::string(what)};
  T value = read(Object(*json, "", reader));
  if (!reader.status().ok()) return reader.status();
  return value;
}

// Parses a body holding an array of objects, each read by read(Object) -> T. Errors
// name the element: `GitHub release [2]: field "id" is missing`.
template <typename T, typename ReadObject>
absl::StatusOr<std::vector<T>> ParseList(absl::string_view text, absl::string_view what,
                                         ReadObject read) {
  auto json = ParseJson(text, absl::StrCat(what, " list"));
  if (!json.ok()) return json.status();
  if (!json->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " list: expected a JSON array, got ", json->type_name()));
  }
  Json const& array = *json;
  std::vector<T> values;
  values.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    Json const& element = array[i];
    std::string element_what = absl::StrCat(what, " [", i, "]");
    if (!element.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(element_what, ": expected a JSON object, got ", element.type_name()));
    }
    Reader reader(std::move(element_what));
    values.push_back(read(Object(element, "", reader)));
    if (!reader.status().ok()) return reader.status();
  }
  return values;
}

// "sha256:<64 hex>" -> the lowercase hex; another algorithm -> "" (no sha256 known).
std::string DigestSha256(Object const& asset) {
  std::string digest = asset.NullableString("digest");
  absl::string_view hex = digest;
  if (!absl::ConsumePrefix(&hex, "sha256:")) return "";
  bool valid = hex.size() == 64;
  for (char c : hex) valid = valid && absl::ascii_isxdigit(static_cast<unsigned char>(c));
  if (!valid) {
    asset.Fail("digest", absl::StrCat("is not \"sha256:\" and 64 hex digits: \"",
                                      absl::CHexEscape(digest), "\""));
    return "";
  }
  return absl::AsciiStrToLower(hex);
}

ReleaseAsset ReadReleaseAsset(Object const& o) {
  ReleaseAsset asset;
  asset.id = o.Count("id");
  asset.name = o.String("name");
  asset.label = o.NullableString("label");
  asset.state = o.String("state");
  asset.content_type = o.String("content_type");
  asset.size = o.Count("size");
  asset.digest_sha256 = DigestSha256(o);
  asset.url = o.String("url");
  asset.browser_download_url = o.String("browser_download_url");
  asset.created_at = o.Time("created_at");
  asset.updated_at = o.Time("updated_at");
  return asset;
}

Release ReadRelease(Object const& o) {
  Release release;
  release.id = o.Count("id");
  release.tag_name = o.String("tag_name");
  release.target_commitish = o.String("target_commitish");
  release.name = o.NullableString("name");
  release.body = o.NullableString("body");
  release.draft = o.Bool("draft");
  release.prerelease = o.Bool("prerelease");
  release.immutable = o.OptionalBool("immutable");
  release.created_at = o.Time("created_at");
  release.published_at = o.NullableTime("published_at");
  release.html_url = o.String("html_url");
  release.upload_url = o.String("upload_url");
  o.ForEachObject("assets",
                  [&](Object const& asset) { release.assets.push_back(ReadReleaseAsset(asset)); });
  return release;
}

GitRef ReadGitRef(Object const& o) {
  GitRef ref;
  ref.ref = o.String("ref");
  Object object = o.Child("object");
  ref.object_type = object.String("type");
  ref.object_sha = object.String("sha");
  return ref;
}

Repository ReadRepository(Object const& o) {
  Repository repository;
  repository.full_name = o.String("full_name");
  repository.default_branch = o.String("default_branch");
  repository.private_repo = o.Bool("private");
  return repository;
}

Commit ReadCommit(Object const& o) {
  Commit commit;
  commit.sha = o.String("sha");
  Object git_commit = o.Child("commit");
  commit.message = git_commit.String("message");
  commit.committer_date = git_commit.Child("committer").Time("date");
  o.ForEachObject(
      "parents", [&](Object const& parent) { commit.parent_shas.push_back(parent.String("sha")); });
  return commit;
}

CommitStatus ReadCommitStatus(Object const& o) {
  CommitStatus status;
  status.context = o.String("context");
  status.state = o.String("state");
  status.description = o.NullableString("description");
  status.target_url = o.NullableString("target_url");
  return status;
}

CombinedStatus ReadCombinedStatus(Object const& o) {
  CombinedStatus combined;
  combined.state = o.String("state");
  combined.total_count = o.Count("total_count");
  combined.sha = o.String("sha");
  o.ForEachObject("statuses", [&](Object const& status) {
    combined.statuses.push_back(ReadCommitStatus(status));
  });
  return combined;
}

CheckRun ReadCheckRun(Object const& o) {
  CheckRun run;
  run.id = o.Count("id");
  run.name = o.String("name");
  run.status = o.String("status");
  run.conclusion = o.NullableString("conclusion");
  run.head_sha = o.String("head_sha");
  return run;
}

CheckRuns ReadCheckRuns(Object const& o) {
  CheckRuns runs;
  runs.total_count = o.Count("total_count");
  o.ForEachObject("check_runs",
                  [&](Object const& run) { runs.check_runs.push_back(ReadCheckRun(run)); });
  return runs;
}

ContentEntry ReadContentEntry(Object const& o) {
  ContentEntry entry;
  entry.type = o.String("type");
  entry.name = o.String("name");
  entry.path = o.String("path");
  entry.sha = o.String("sha");
  entry.size = o.Count("size");
  entry.submodule_git_url = o.NullableString("submodule_git_url");
  return entry;
}

Comparison ReadComparison(Object const& o) {
  Comparison comparison;
  comparison.status = o.String("status");
  comparison.ahead_by = o.Count("ahead_by");
  comparison.behind_by = o.Count("behind_by");
  comparison.total_commits = o.Count("total_commits");
  if (o.Has("merge_base_commit")) {
    comparison.merge_base_sha = o.Child("merge_base_commit").String("sha");
  }
  return comparison;
}

// The login of the object's "user"; "" when GitHub sends null (the account was deleted).
std::string UserLogin(Object const& o) {
  if (!o.Has("user")) return "";
  return o.Child("user").String("login");
}

Issue ReadIssue(Object const& o) {
  Issue issue;
  issue.number = o.Count("number");
  issue.title = o.String("title");
  issue.state = o.String("state");
  issue.state_reason = o.NullableString("state_reason");
  // GitHub's schema allows a label to be a bare name or an object with a name.
  o.ForEach("labels", [&](Json const& label, std::string const& path) {
    if (label.is_string()) {
      issue.labels.push_back(label.get<std::string>());
    } else if (label.is_object()) {
      issue.labels.push_back(Object(label, path, o.reader()).String("name"));
    } else {
      o.reader().Fail(path, "is not a string or an object");
    }
  });
  issue.created_at = o.Time("created_at");
  issue.closed_at = o.NullableTime("closed_at");
  issue.body = o.NullableString("body");
  issue.is_pull_request = o.Has("pull_request");
  // Always sent by GitHub, but older hand-made bodies (and some proxies' trimmed ones) lack
  // them: nothing that reads issues for a verdict needs them, so their absence is no error.
  issue.html_url = o.NullableString("html_url");
  issue.user_login = UserLogin(o);
  return issue;
}

IssueComment ReadIssueComment(Object const& o) {
  IssueComment comment;
  comment.id = o.Count("id");
  comment.user_login = UserLogin(o);
  // Required: who may object is decided by it, so a comment without it is not guessed at.
  comment.author_association = o.String("author_association");
  comment.body = o.NullableString("body");
  comment.html_url = o.String("html_url");
  comment.created_at = o.Time("created_at");
  return comment;
}

IssueEvent ReadIssueEvent(Object const& o) {
  IssueEvent event;
  event.id = o.Count("id");
  event.event = o.String("event");
  event.commit_id = o.NullableString("commit_id");
  event.created_at = o.Time("created_at");
  return event;
}

WorkflowRun ReadWorkflowRun(Object const& o) {
  WorkflowRun run;
  run.workflow_run_id = o.Count("workflow_run_id");
  run.run_url = o.String("run_url");
  run.html_url = o.String("html_url");
  return run;
}

WorkflowRun ReadListedWorkflowRun(Object const& o) {
  WorkflowRun run;
  run.workflow_run_id = o.Count("id");
  run.run_url = o.String("url");
  run.html_url = o.String("html_url");
  run.head_branch = o.String("head_branch");
  run.event = o.String("event");
  run.status = o.String("status");
  run.created_at = o.Time("created_at");
  return run;
}

WorkflowRunList ReadWorkflowRunList(Object const& o) {
  WorkflowRunList list;
  list.total_count = o.Count("total_count");
  o.ForEachObject("workflow_runs", [&](Object const& run) {
    list.workflow_runs.push_back(ReadListedWorkflowRun(run));
  });
  return list;
}

// The length of the UTF-8 sequence that `lead` starts, or 0 when it starts none.
std::size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 0;
}

// `text` cut to at most `max_bytes` at a character boundary, with line breaks and tabs
// turned into spaces and other control characters and malformed UTF-8 into '?', so that
// it can go into a status message and a log line.
std::string PrintablePrefix(absl::string_view text, std::size_t max_bytes) {
  text = absl::StripAsciiWhitespace(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = Utf8SequenceLength(lead);
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    if (!valid) length = 1;
    if (out.size() + length > max_bytes) break;
    if (lead == '\n' || lead == '\r' || lead == '\t') {
      out.push_back(' ');
    } else if (!valid || lead < 0x20 || lead == 0x7f) {
      out.push_back('?');
    } else {
      out.append(text.data() + i, length);
    }
    i += length;
  }
  return out;
}

// The string at `key` of `object`, or "" when absent or not a string.
std::string StringOrEmpty(Json const& object, char const* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return PrintablePrefix(it->get_ref<std::string const&>(), kMaxApiErrorMessageBytes);
}

}  // namespace

absl::StatusOr<Release> ParseRelease(absl::string_view json) {
  return ParseOne<Release>(json, "GitHub release", ReadRelease);
}
absl::StatusOr<std::vector<Release>> ParseReleases(absl::string_view json) {
  return ParseList<Release>(json, "GitHub release", ReadRelease);
}
absl::StatusOr<ReleaseAsset> ParseReleaseAsset(absl::string_view json) {
  return ParseOne<ReleaseAsset>(json, "GitHub release asset", ReadReleaseAsset);
}
absl::StatusOr<std::vector<ReleaseAsset>> ParseReleaseAssets(absl::string_view json) {
  return ParseList<ReleaseAsset>(json, "GitHub release asset", ReadReleaseAsset);
}
absl::StatusOr<GitRef> ParseGitRef(absl::string_view json) {
  return ParseOne<GitRef>(json, "GitHub git ref", ReadGitRef);
}
absl::StatusOr<std::vector<GitRef>> ParseGitRefs(absl::string_view json) {
  return ParseList<GitRef>(json, "GitHub git ref", ReadGitRef);
}
absl::StatusOr<Repository> ParseRepository(absl::string_view json) {
  return ParseOne<Repository>(json, "GitHub repository", ReadRepository);
}
absl::StatusOr<Commit> ParseCommit(absl::string_view json) {
  return ParseOne<Commit>(json, "GitHub commit", ReadCommit);
}
absl::StatusOr<std::vector<Commit>> ParseCommits(absl::string_view json) {
  return ParseList<Commit>(json, "GitHub commit", ReadCommit);
}
absl::StatusOr<Comparison> ParseComparison(absl::string_view json) {
  return ParseOne<Comparison>(json, "GitHub comparison", ReadComparison);
}
absl::StatusOr<CommitStatus> ParseCommitStatus(absl::string_view json) {
  return ParseOne<CommitStatus>(json, "GitHub commit status", ReadCommitStatus);
}
absl::StatusOr<std::vector<CommitStatus>> ParseCommitStatuses(absl::string_view json) {
  return ParseList<CommitStatus>(json, "GitHub commit status", ReadCommitStatus);
}
absl::StatusOr<CombinedStatus> ParseCombinedStatus(absl::string_view json) {
  return ParseOne<CombinedStatus>(json, "GitHub combined status", ReadCombinedStatus);
}
absl::StatusOr<CheckRuns> ParseCheckRuns(absl::string_view json) {
  return ParseOne<CheckRuns>(json, "GitHub check runs", ReadCheckRuns);
}
absl::StatusOr<ContentEntry> ParseContent(absl::string_view json) {
  return ParseOne<ContentEntry>(json, "GitHub content", ReadContentEntry);
}
absl::StatusOr<std::vector<ContentEntry>> ParseContentListing(absl::string_view json) {
  return ParseList<ContentEntry>(json, "GitHub content", ReadContentEntry);
}
absl::StatusOr<std::vector<Issue>> ParseIssues(absl::string_view json) {
  return ParseList<Issue>(json, "GitHub issue", ReadIssue);
}
absl::StatusOr<Issue> ParseIssue(absl::string_view json) {
  return ParseOne<Issue>(json, "GitHub issue", ReadIssue);
}
absl::StatusOr<IssueComment> ParseIssueComment(absl::string_view json) {
  return ParseOne<IssueComment>(json, "GitHub issue comment", ReadIssueComment);
}
absl::StatusOr<std::vector<IssueComment>> ParseIssueComments(absl::string_view json) {
  return ParseList<IssueComment>(json, "GitHub issue comment", ReadIssueComment);
}
absl::StatusOr<std::vector<IssueEvent>> ParseIssueEvents(absl::string_view json) {
  return ParseList<IssueEvent>(json, "GitHub issue event", ReadIssueEvent);
}
absl::StatusOr<WorkflowRun> ParseWorkflowRun(absl::string_view json) {
  return ParseOne<WorkflowRun>(json, "GitHub workflow run", ReadWorkflowRun);
}
absl::StatusOr<WorkflowRunList> ParseWorkflowRuns(absl::string_view json) {
  return ParseOne<WorkflowRunList>(json, "GitHub workflow runs", ReadWorkflowRunList);
}

ApiError ParseApiError(absl::string_view body) {
  ApiError error;
  auto json = ParseJson(body, "GitHub error");
  bool is_github_error =
      json.ok() && json->is_object() && json->contains("message") && (*json)["message"].is_string();
  if (!is_github_error) {
    error.message = PrintablePrefix(body, kMaxApiErrorMessageBytes);
    return error;
  }
  error.message = StringOrEmpty(*json, "message");
  error.documentation_url = StringOrEmpty(*json, "documentation_url");
  auto errors = json->find("errors");
  if (errors == json->end() || !errors->is_array()) return error;
  for (Json const& entry : *errors) {
    if (error.errors.size() == kMaxApiErrorDetails) break;
    ApiErrorDetail detail;
    if (entry.is_string()) {
      detail.message =
          PrintablePrefix(entry.get_ref<std::string const&>(), kMaxApiErrorMessageBytes);
    } else if (entry.is_object()) {
      detail.resource = StringOrEmpty(entry, "resource");
      detail.field = StringOrEmpty(entry, "field");
      detail.code = StringOrEmpty(entry, "code");
      detail.message = StringOrEmpty(entry, "message");
    } else {
      continue;
    }
    error.errors.push_back(std::move(detail));
  }
  return error;
}

}  // namespace stablecut::github
