// The control API's comment route.
#include "tools/sandbox/control_comments.h"

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/control_reply.h"
#include "tools/sandbox/github_json.h"

namespace stablecut::sandbox {
namespace {

constexpr char const* kAssociations[] = {"OWNER",       "MEMBER",      "COLLABORATOR",
                                         "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR",
                                         "FIRST_TIMER", "MANNEQUIN",   "NONE"};

// A GitHub login: letters, digits and inner hyphens (bots' "[bot]" suffix too).
bool IsLogin(std::string const& login) {
  if (login.empty() || login.size() > 64 || login.front() == '-') return false;
  for (char c : login) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '[' &&
        c != ']') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> StringField(nlohmann::json const& body, char const* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat("'", name, "' must be a string"));
  }
  return it->get<std::string>();
}

// The comment the body describes, checked; INVALID_ARGUMENT naming the first bad field.
absl::StatusOr<IssueComment> ReadComment(nlohmann::json const& body, absl::Time now) {
  if (!body.is_object()) return absl::InvalidArgumentError("body must be a JSON object");
  IssueComment comment;
  auto number = body.find("number");
  if (number == body.end() || !number->is_number_integer() || number->get<int64_t>() < 1) {
    return absl::InvalidArgumentError("'number' must be an issue number (an integer >= 1)");
  }
  comment.issue_number = number->get<int64_t>();
  auto user = StringField(body, "user");
  if (!user.ok()) return user.status();
  if (!IsLogin(*user)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'user' is not a GitHub login: \"", *user, "\""));
  }
  comment.user_login = *user;
  auto association = StringField(body, "author_association");
  if (!association.ok()) return association.status();
  bool known = false;
  for (char const* name : kAssociations) known = known || *association == name;
  if (!known) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'author_association' \"", *association, "\" is none of OWNER, MEMBER, COLLABORATOR, "
        "CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE"));
  }
  comment.author_association = *association;
  auto text = StringField(body, "body");
  if (!text.ok()) return text.status();
  comment.body = *text;
  absl::Time created = now;
  if (body.contains("created_at")) {
    auto at = StringField(body, "created_at");
    if (!at.ok() || !ParseRfc3339(*at, &created)) {
      return absl::InvalidArgumentError("'created_at' is not an RFC 3339 time");
    }
  }
  comment.created_at = FormatRfc3339(created);
  return comment;
}

void AddComment(GitHubEnv& env, httplib::Request const& req, httplib::Response& res) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  auto comment = ReadComment(body, env.clock->Now());
  if (!comment.ok()) {
    return ControlReply(res, 400, {{"error", std::string(comment.status().message())}});
  }
  auto owner = StringField(body, "owner");
  auto name = StringField(body, "repo");
  if (!owner.ok() || !name.ok()) {
    return ControlReply(res, 400, {{"error", "'owner' and 'repo' must be strings"}});
  }
  absl::MutexLock lock(&env.store->mu());
  State& state = env.store->state();
  Repo* repo = state.FindRepo(*owner, *name);
  if (repo == nullptr) {
    return ControlReply(res, 400, {{"error", absl::StrCat("no repository ", *owner, "/", *name)}});
  }
  if (repo->FindIssue(comment->issue_number) == nullptr) {
    return ControlReply(res, 400, {{"error", absl::StrCat("no issue #", comment->issue_number,
                                                          " in ", repo->FullName())}});
  }
  IssueComment const& added = AddIssueComment(state, *repo, *std::move(comment));
  absl::Status saved = env.store->Save();
  if (!saved.ok()) return ControlReply(res, 500, {{"error", std::string(saved.message())}});
  ControlReply(res, 201, IssueCommentJson(env, *repo, added));
}

}  // namespace

void RegisterControlCommentRoutes(httplib::Server& server, GitHubEnv& env) {
  server.Post("/_control/comments", [&env](httplib::Request const& req, httplib::Response& res) {
    AddComment(env, req, res);
  });
}

}  // namespace stablecut::sandbox
