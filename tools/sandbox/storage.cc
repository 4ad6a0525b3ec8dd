// Signed download URLs and the storage path behind them.
#include "tools/sandbox/storage.h"

#include <cstdio>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/sandbox/clock.h"
#include "tools/sandbox/repo_queries.h"
#include "tools/sandbox/url.h"

namespace stablecut::sandbox {
namespace {

constexpr char kAmzDate[] = "%Y%m%dT%H%M%SZ";

// "20250301T120000Z" (absl::ParseTime cannot split digits that run together).
bool ParseAmzDate(std::string const& text, absl::Time* time) {
  int year, month, day, hour, minute, second;
  char zone = 0;
  if (text.size() != 16 ||
      std::sscanf(text.c_str(), "%4d%2d%2dT%2d%2d%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &zone) != 7 ||
      zone != 'Z') {
    return false;
  }
  *time = absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                          absl::UTCTimeZone());
  return true;
}

std::string Sign(std::string const& key, std::string const& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<unsigned char const*>(message.data()), message.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
  return out;
}

std::string SignedMessage(std::string const& id, std::string const& name, std::string const& date,
                          std::string const& expires) {
  return absl::StrCat(id, "\n", name, "\n", date, "\n", expires);
}

void S3Error(httplib::Response& res, int status, char const* code, std::string const& message) {
  res.status = status;
  res.set_content(absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>", code,
                               "</Code><Message>", message, "</Message></Error>"),
                  "application/xml");
}

void ServeStorage(GitHubEnv& env, httplib::Request const& req, httplib::Response& res) {
  // The storage host takes its credentials from the query alone; S3 answers a request
  // that also carries an Authorization header with 400 (docs/reference/github.md §5.4).
  if (req.has_header("Authorization")) {
    S3Error(res, 400, "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
            "Signature query string parameter or the Authorization header should be "
            "specified");
    return;
  }
  std::string id = req.matches[1].str();
  std::string name = req.matches[2].str();
  std::string date = req.get_param_value("X-Amz-Date");
  std::string expires = req.get_param_value("X-Amz-Expires");
  std::string signature = req.get_param_value("X-Amz-Signature");
  std::string expected = Sign(env.storage_key, SignedMessage(id, name, date, expires));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    S3Error(res, 403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.");
    return;
  }
  absl::Time signed_at;
  int64_t expires_seconds = 0;
  if (!ParseAmzDate(date, &signed_at) || !absl::SimpleAtoi(expires, &expires_seconds) ||
      env.clock->Now() > signed_at + absl::Seconds(expires_seconds)) {
    S3Error(res, 403, "AccessDenied", "Request has expired");
    return;
  }
  int64_t asset_id = 0;
  std::string content_type = "application/octet-stream";
  {
    absl::MutexLock lock(&env.store->mu());
    Release* release = nullptr;
    Asset* asset = nullptr;
    bool found = false;
    if (absl::SimpleAtoi(id, &asset_id)) {
      for (Repo& repo : env.store->state().repos) {
        if (FindAsset(repo, asset_id, &release, &asset)) {
          found = true;
          break;
        }
      }
    }
    if (!found || asset->name != name) {
      S3Error(res, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    ++asset->download_count;
    (void)env.store->Save();
  }
  std::string path = env.store->BlobPath(asset_id);
  std::shared_ptr<FILE> file(std::fopen(path.c_str(), "rb"), [](FILE* f) {
    if (f != nullptr) std::fclose(f);
  });
  if (file == nullptr) {
    S3Error(res, 404, "NoSuchKey", "The specified key does not exist.");
    return;
  }
  std::fseek(file.get(), 0, SEEK_END);
  long size = std::ftell(file.get());
  std::fseek(file.get(), 0, SEEK_SET);
  // httplib applies a Range header to a content provider whatever status the handler sets,
  // so a fixed 200 sent part of the file as if it were all of it. S3 answers one satisfiable
  // range with 206 and Content-Range, and an unsatisfiable one with 416 (§5.4).
  res.status = 200;
  if (req.ranges.size() == 1) {
    auto [first, last] = req.ranges.front();  // -1 for an omitted end
    bool satisfiable = first == -1 ? last > 0 && size > 0 : first < size;
    if (!satisfiable) {
      // No XML body as S3 sends: httplib would cut it to the range too.
      res.status = 416;
      res.set_header("Content-Range", absl::StrCat("bytes */", size));
      return;
    }
    res.status = 206;
  } else if (!req.ranges.empty()) {
    res.status = 206;  // httplib answers several ranges as multipart/byteranges
  }
  res.set_header("Content-Disposition", absl::StrCat("attachment; filename=", name));
  res.set_content_provider(static_cast<size_t>(size), "application/octet-stream",
                           [file](size_t offset, size_t length, httplib::DataSink& sink) {
                             char buffer[64 * 1024];
                             std::fseek(file.get(), static_cast<long>(offset), SEEK_SET);
                             size_t want = std::min(length, sizeof(buffer));
                             size_t got = std::fread(buffer, 1, want, file.get());
                             if (got == 0) return false;
                             return sink.write(buffer, got);
                           });
}

}  // namespace

std::string SignedDownloadUrl(GitHubEnv const& env, Asset const& asset, absl::Time now) {
  std::string id = std::to_string(asset.id);
  std::string date = absl::FormatTime(kAmzDate, now, absl::UTCTimeZone());
  std::string expires = std::to_string(kSignedUrlSeconds);
  std::string signature = Sign(env.storage_key, SignedMessage(id, asset.name, date, expires));
  return absl::StrCat(env.storage_origin, "/github-storage/", id, "/", EncodeComponent(asset.name),
                      "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=", date,
                      "&X-Amz-Expires=", expires, "&X-Amz-Signature=", signature);
}

void RegisterStorageRoutes(httplib::Server& server, GitHubEnv& env) {
  server.Get(
      "/github-storage/([0-9]+)/([^/]+)",
      [&env](httplib::Request const& req, httplib::Response& res) { ServeStorage(env, req, res); });
  // browser_download_url: works for published releases only, never for drafts (§5.4).
  server.Get("/github-web/([^/]+)/([^/]+)/releases/download/([^/]+)/([^/]+)",
             [&env](httplib::Request const& req, httplib::Response& res) {
               absl::MutexLock lock(&env.store->mu());
               Repo* repo = env.store->state().FindRepo(req.matches[1].str(), req.matches[2].str());
               Release* release =
                   repo == nullptr ? nullptr : FindReleaseByTag(*repo, req.matches[3].str());
               if (release != nullptr && !release->draft) {
                 for (Asset const& asset : release->assets) {
                   if (asset.name == req.matches[4].str()) {
                     res.set_redirect(SignedDownloadUrl(env, asset, env.clock->Now()), 302);
                     return;
                   }
                 }
               }
               res.status = 404;
               res.set_content("Not Found", "text/plain");
             });
}

}  // namespace stablecut::sandbox
