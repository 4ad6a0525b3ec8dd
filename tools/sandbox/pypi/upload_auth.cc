// Checks the upload credential: __token__ basic auth or a token/bearer header.
#include "tools/sandbox/pypi/upload_auth.h"

#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"

namespace stablecut::sandbox::pypi {
namespace {

bool SameToken(absl::string_view presented, absl::string_view token) {
  presented = absl::StripAsciiWhitespace(presented);  // warehouse strips the token
  return !token.empty() && presented.size() == token.size() &&
         CRYPTO_memcmp(presented.data(), token.data(), token.size()) == 0;
}

}  // namespace

UploadIdentity IdentifyUploader(absl::string_view authorization, absl::string_view token) {
  authorization = absl::StripAsciiWhitespace(authorization);
  auto space = authorization.find(' ');
  if (space == absl::string_view::npos) return UploadIdentity::kNone;
  std::string scheme = absl::AsciiStrToLower(authorization.substr(0, space));
  absl::string_view credential = absl::StripAsciiWhitespace(authorization.substr(space + 1));
  if (scheme == "token" || scheme == "bearer") {
    return SameToken(credential, token) ? UploadIdentity::kToken : UploadIdentity::kNone;
  }
  if (scheme != "basic") return UploadIdentity::kNone;
  std::string decoded;
  if (!absl::Base64Unescape(credential, &decoded)) return UploadIdentity::kNone;
  auto colon = decoded.find(':');
  if (colon == std::string::npos) return UploadIdentity::kNone;
  absl::string_view username = absl::string_view(decoded).substr(0, colon);
  if (username != "__token__") return UploadIdentity::kPasswordUsername;
  return SameToken(absl::string_view(decoded).substr(colon + 1), token)
             ? UploadIdentity::kToken
             : UploadIdentity::kNone;
}

std::string ForbiddenMessage(UploadIdentity identity) {
  switch (identity) {
    case UploadIdentity::kToken:
      return "";
    case UploadIdentity::kPasswordUsername:
      return "Username/Password authentication is no longer supported. Migrate to API "
             "Tokens or Trusted Publishers instead. See https://pypi.org/help/#apitoken "
             "and https://pypi.org/help/#trusted-publishers";
    case UploadIdentity::kNone:
      break;
  }
  return "Invalid or non-existent authentication information. See "
         "https://pypi.org/help/#invalid-auth for more information.";
}

std::string DescribeIdentity(UploadIdentity identity) {
  switch (identity) {
    case UploadIdentity::kToken:
      return "api-token";
    case UploadIdentity::kPasswordUsername:
      return "username-password";
    case UploadIdentity::kNone:
      break;
  }
  return "none";
}

}  // namespace stablecut::sandbox::pypi
