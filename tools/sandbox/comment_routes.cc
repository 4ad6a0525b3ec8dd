// Issue comment routes.
#include "tools/sandbox/comment_routes.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/body_schema.h"
#include "tools/sandbox/github_json.h"

namespace stablecut::sandbox {
namespace {

Issue* IssueOfPath(Call& call) {
  int64_t number = 0;
  if (!absl::SimpleAtoi(call.Match(3), &number)) return nullptr;
  return call.repo->FindIssue(number);
}

void ListComments(Call& call) {
  Issue const* issue = IssueOfPath(call);
  if (issue == nullptr) return call.NotFound();
  std::vector<IssueComment const*> comments;
  for (IssueComment const& comment : call.repo->issue_comments) {
    if (comment.issue_number == issue->number) comments.push_back(&comment);
  }
  // GitHub orders by ascending id, which is creation order. The control API can backdate a
  // comment, so order by creation time first: oldest first either way.
  std::sort(comments.begin(), comments.end(), [](IssueComment const* a, IssueComment const* b) {
    if (a->created_at != b->created_at) return a->created_at < b->created_at;
    return a->id < b->id;
  });
  nlohmann::json items = nlohmann::json::array();
  for (IssueComment const* comment : comments) {
    items.push_back(IssueCommentJson(call.env, *call.repo, *comment));
  }
  call.Page(items);
}

void CreateComment(Call& call) {
  Issue const* issue = IssueOfPath(call);
  if (issue == nullptr) return call.NotFound();
  nlohmann::json body;
  if (!call.Body(&body) || !CheckFieldTypes(call, body, {{"body", JsonType::kString}})) return;
  if (body.value("body", "").empty()) {
    return call.ValidationFailed("IssueComment", "body", "missing_field");
  }
  IssueComment comment;
  comment.issue_number = issue->number;
  comment.user_login = kWriteUserLogin;
  comment.author_association = kWriteUserAssociation;
  comment.body = body["body"].get<std::string>();
  comment.created_at = FormatRfc3339(call.now);
  IssueComment const& added = AddIssueComment(*call.state, *call.repo, std::move(comment));
  if (!call.Save()) return;
  nlohmann::json json = IssueCommentJson(call.env, *call.repo, added);
  call.res.set_header("Location", json["url"].get<std::string>());
  call.Json(201, json);
}

}  // namespace

void RegisterCommentRoutes(GitHubRouter& router) {
  router.Get("/issues/([0-9]+)/comments", ListComments);
  router.Post("/issues/([0-9]+)/comments", Need::kWriteIssues, CreateComment);
}

}  // namespace stablecut::sandbox
