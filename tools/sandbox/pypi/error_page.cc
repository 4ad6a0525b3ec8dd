// Renders Pyramid/WebOb's default error page the way warehouse's upload errors look.
#include "tools/sandbox/pypi/error_page.h"

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

// WebOb's explanation line for each status warehouse's upload view raises.
std::string Explanation(int status) {
  switch (status) {
    case 400:
      return "The server could not comply with the request since it is either malformed "
             "or otherwise incorrect.";
    case 403:
      return "Access was denied to this resource.";
    case 404:
      return "The resource could not be found.";
    case 410:
      return "This resource is no longer available.  No forwarding address is given.";
    case 308:
      return "The resource has been moved to";
    default:
      return "";
  }
}

}  // namespace

std::string StandardReason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 500: return "Internal Server Error";
    default: return "Error";
  }
}

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  }
  return out;
}

RenderedPage RenderErrorPage(int status, absl::string_view message, absl::string_view accept,
                             absl::string_view location) {
  std::string status_line = absl::StrCat(status, " ", message);
  bool wants_json = absl::StrContains(accept, "application/json") &&
                    !absl::StrContains(accept, "text/html") &&
                    !absl::StrContains(accept, "*/*");
  if (wants_json) {
    nlohmann::json body = nlohmann::json::object();
    body["message"] = absl::StrCat(Explanation(status), "\n\n", message);
    body["code"] = status_line;
    body["title"] = StandardReason(status);
    return {"application/json", body.dump()};
  }
  std::string explanation = Explanation(status);
  std::string detail;
  if (!location.empty()) {
    detail = absl::StrCat(explanation, " <a href=\"", EscapeHtml(location), "\">",
                          EscapeHtml(location), "</a>;\nyou should be redirected automatically.\n",
                          EscapeHtml(message), "\n");
  } else {
    detail = absl::StrCat(explanation, "<br/><br/>\n", EscapeHtml(message), "\n\n");
  }
  // Pyramid escapes the detail but not the status line, so the title holds the message
  // verbatim: "<title>400 File already exists ('…', …)…</title>".
  return {"text/html; charset=UTF-8",
          absl::StrCat("<html>\n <head>\n  <title>", status_line, "</title>\n </head>\n",
                       " <body>\n  <h1>", status_line, "</h1>\n  ", detail,
                       "\n </body>\n</html>")};
}

}  // namespace stablecut::sandbox::pypi
