// Wires the sandbox PyPI's routes into httplib: upload, JSON API, simple index, files.
#include "tools/sandbox/pypi/pypi_index.h"

#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/wheel/wheel_filename.h"
#include "tools/sandbox/pypi/error_page.h"
#include "tools/sandbox/pypi/json_api.h"
#include "tools/sandbox/pypi/simple_index.h"
#include "tools/sandbox/pypi/upload_auth.h"
#include "tools/sandbox/pypi/upload_body.h"
#include "tools/sandbox/pypi/upload_form.h"
#include "tools/sandbox/pypi/upload_processor.h"

namespace stablecut::sandbox {
namespace {

using nlohmann::json;

// What warehouse's catch-all legacy view renders when :action is missing or unknown.
constexpr char kApiEndpointPage[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>API endpoint · PyPI</title></head>\n"
    "<body><h1>API endpoint</h1>\n<p>This URL is an API endpoint for uploading files to "
    "PyPI.</p>\n<p>For more information on uploading projects to PyPI, visit the <a "
    "href=\"https://packaging.python.org/tutorials/packaging-projects/#uploading-the-"
    "distribution-archives\">Python Packaging User Guide</a>.</p>\n</body>\n</html>\n";

// "http://127.0.0.1:<port>/pypi", from the Host the client used.
std::string BaseUrl(httplib::Request const& request) {
  std::string host = request.get_header_value("Host");
  return absl::StrCat("http://", host.empty() ? "127.0.0.1" : host, "/pypi");
}

void SendError(httplib::Request const& request, httplib::Response& response, int status,
               absl::string_view message, std::string const& location = "") {
  // httplib 0.11 writes the standard reason phrase and has no way to replace it, so the
  // message travels in the body only (warehouse also puts it in the reason phrase).
  auto page = pypi::RenderErrorPage(status, message, request.get_header_value("Accept"),
                                    location);
  response.status = status;
  if (!location.empty()) response.set_header("Location", location);
  response.set_content(page.body, page.content_type.c_str());
}

void SendJson(httplib::Response& response, int status, json const& body,
              std::int64_t serial) {
  response.status = status;
  response.set_header("Access-Control-Allow-Origin", "*");
  response.set_header("Cache-Control", "max-age=900, public");
  response.set_header("X-PyPI-Last-Serial", std::to_string(serial));
  response.set_content(body.dump(), "application/json");
}

void Redirect(httplib::Response& response, int status, std::string const& location) {
  response.status = status;
  response.set_header("Location", location);
}

}  // namespace

PypiIndex::PypiIndex(std::string state_dir, std::function<absl::Time()> now,
                     std::string upload_token, pypi::UploadLimits limits)
    : pypi_dir_(state_dir + "/pypi"),
      files_dir_(pypi_dir_ + "/files"),
      spool_dir_(pypi_dir_ + "/tmp"),
      now_(std::move(now)),
      upload_token_(std::move(upload_token)),
      limits_(limits) {
  absl::MutexLock lock(&mu_);
  load_status_ = pypi::MakeDirectories(files_dir_);
  if (load_status_.ok()) load_status_ = pypi::MakeDirectories(spool_dir_);
  if (!load_status_.ok()) return;
  auto loaded = pypi::LoadPypiState(pypi_dir_);
  if (loaded.ok()) {
    state_ = *std::move(loaded);
  } else {
    load_status_ = loaded.status();
  }
}

void PypiIndex::Register(httplib::Server& server) {
  server.Post("/pypi/legacy/", [this](httplib::Request const& request,
                                      httplib::Response& response,
                                      httplib::ContentReader const& reader) {
    HandleUpload(request, response, reader);
  });
  server.Post("/pypi/legacy", [this](httplib::Request const& request,
                                     httplib::Response& response,
                                     httplib::ContentReader const& reader) {
    pypi::DrainBody(request, reader);
    constexpr char kMessage[] =
        "An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a "
        "trailing slash)";
    SendError(request, response, 308, kMessage, BaseUrl(request) + "/legacy/");
    RecordAttempt({now_(), "", "", 308, kMessage, ""});
  });
  server.Get(R"(/pypi/pypi/([^/]+)(/[^/]+)?/json/?)",
             [this](httplib::Request const& request, httplib::Response& response) {
               HandleProjectJson(request, response);
             });
  server.Get("/pypi/simple", [](httplib::Request const& request, httplib::Response& response) {
    Redirect(response, 301, BaseUrl(request) + "/simple/");
  });
  server.Get("/pypi/simple/", [this](httplib::Request const& request,
                                     httplib::Response& response) {
    HandleSimpleIndex(request, response);
  });
  server.Get(R"(/pypi/simple/([^/]+))",
             [](httplib::Request const& request, httplib::Response& response) {
               Redirect(response, 301,
                        absl::StrCat(BaseUrl(request), "/simple/", request.matches[1].str(), "/"));
             });
  server.Get(R"(/pypi/simple/([^/]+)/)",
             [this](httplib::Request const& request, httplib::Response& response) {
               HandleSimpleProject(request, response);
             });
  server.Get(R"(/pypi/files/(.+))",
             [this](httplib::Request const& request, httplib::Response& response) {
               HandleFile(request, response);
             });
}

void PypiIndex::HandleUpload(httplib::Request const& request, httplib::Response& response,
                             httplib::ContentReader const& reader) {
  std::string spool_path = absl::StrCat(spool_dir_, "/upload-", getpid(), "-",
                                        next_spool_id_.fetch_add(1));
  // A re-upload of a stored file (same name, and every digest the form gave before the
  // file part equal to the stored one's) ends as "already stored" or as a digest mismatch
  // without the bytes on disk: they are hashed but not written.
  auto need_not_spool = [this](pypi::UploadForm const& fields, std::string const& filename) {
    std::string md5 = absl::AsciiStrToLower(fields.Get("md5_digest"));
    std::string sha256 = absl::AsciiStrToLower(fields.Get("sha256_digest"));
    std::string blake2 = absl::AsciiStrToLower(fields.Get("blake2_256_digest"));
    if (sha256.empty() && blake2.empty()) return false;
    absl::MutexLock lock(&mu_);
    for (auto const& [_, project] : state_.projects) {
      for (auto const& release : project.releases) {
        for (auto const& file : release.files) {
          if (file.filename != filename) continue;
          return (md5.empty() || md5 == file.digests.md5) &&
                 (sha256.empty() || sha256 == file.digests.sha256) &&
                 (blake2.empty() || blake2 == file.digests.blake2_256);
        }
      }
    }
    return false;
  };
  auto form =
      pypi::ReadUploadBody(request, reader, spool_path, limits_.max_file_size, need_not_spool);
  // Whatever happens below, the spool file is gone afterwards (a stored upload has been
  // renamed away already).
  auto cleanup = std::unique_ptr<std::string, void (*)(std::string*)>(
      &spool_path, [](std::string* path) { unlink(path->c_str()); });

  pypi::UploadAttempt attempt{now_(), "", "", 0, "", ""};
  auto finish = [&](int status, std::string message) {
    attempt.status = status;
    attempt.message = message;
    if (status == 200) {
      response.status = 200;
      response.set_content("", "text/html; charset=UTF-8");
    } else {
      SendError(request, response, status, message);
    }
    RecordAttempt(std::move(attempt));
  };
  {
    absl::MutexLock lock(&mu_);
    if (!load_status_.ok()) return finish(500, std::string(load_status_.message()));
  }
  if (!form.ok()) {
    int status = form.status().code() == absl::StatusCode::kInvalidArgument ? 400 : 500;
    return finish(status, std::string(form.status().message()));
  }
  if (form->content) {
    attempt.filename = form->content->filename;
    attempt.sha256 = form->content->digests.sha256;
  }

  std::string action = request.has_param(":action") ? request.get_param_value(":action")
                                                    : form->Get(":action");
  if (action == "submit" || action == "submit_pkg_info") {
    return finish(410, "Project pre-registration is no longer required or supported, upload "
                       "your files instead.");
  }
  if (action == "doc_upload") {
    return finish(410, "Uploading documentation is no longer supported, we recommend using "
                       "https://readthedocs.org/.");
  }
  if (action != "file_upload") {
    // Warehouse's catch-all view: 200 and an HTML page, nothing stored.
    response.status = 200;
    response.set_content(kApiEndpointPage, "text/html; charset=UTF-8");
    attempt.status = 200;
    attempt.message = "no :action=file_upload; API endpoint page served, nothing stored";
    return RecordAttempt(std::move(attempt));
  }

  auto identity = pypi::IdentifyUploader(request.get_header_value("Authorization"),
                                         upload_token_);
  attempt.identity = pypi::DescribeIdentity(identity);
  if (identity != pypi::UploadIdentity::kToken) {
    return finish(403, pypi::ForbiddenMessage(identity));
  }
  pypi::SanitizeForm(*form);
  pypi::Pep440Version version;
  if (auto error = pypi::ValidateUploadForm(*form, version)) {
    return finish(error->status, error->message);
  }
  pypi::UploadDecision decision;
  absl::Status saved;
  {
    absl::MutexLock lock(&mu_);
    decision = pypi::ProcessUpload(*form, version, state_, files_dir_, now_(), limits_);
    if (!decision.error && !decision.already_stored) saved = pypi::SavePypiState(pypi_dir_, state_);
  }
  if (!saved.ok()) return finish(500, std::string(saved.message()));
  if (decision.error) return finish(decision.error->status, decision.error->message);
  finish(200, decision.already_stored ? "identical file already stored; nothing changed" : "");
}

void PypiIndex::RecordAttempt(pypi::UploadAttempt attempt) {
  absl::MutexLock lock(&mu_);
  state_.attempts.push_back(std::move(attempt));
  if (load_status_.ok()) pypi::SavePypiState(pypi_dir_, state_).IgnoreError();
}

void PypiIndex::HandleProjectJson(httplib::Request const& request,
                                  httplib::Response& response) {
  std::string name = request.matches[1].str();
  std::string version = request.matches[2].matched ? request.matches[2].str().substr(1) : "";
  absl::MutexLock lock(&mu_);
  json not_found = {{"message", "Not Found"}};
  auto project = state_.projects.find(wheel::NormalizeProjectName(name));
  if (project == state_.projects.end()) return SendJson(response, 404, not_found, state_.serial);
  if (name != project->second.name) {
    // Warehouse redirects to the registered name, keeping the rest of the path.
    return Redirect(response, 301,
                    absl::StrCat(BaseUrl(request), "/pypi/", project->second.name,
                                 version.empty() ? "" : "/", version, "/json"));
  }
  auto const* release = version.empty() ? pypi::LatestRelease(project->second)
                                        : pypi::FindRelease(project->second, version);
  if (release == nullptr) return SendJson(response, 404, not_found, state_.serial);
  auto body = version.empty()
                  ? pypi::ProjectJson(project->second, *release, BaseUrl(request), state_.serial)
                  : pypi::ReleaseJson(project->second, *release, BaseUrl(request), state_.serial);
  SendJson(response, 200, body, state_.serial);
}

void PypiIndex::HandleSimpleIndex(httplib::Request const& request,
                                  httplib::Response& response) {
  auto content_type = pypi::NegotiateSimpleContentType(request.get_header_value("Accept"));
  absl::MutexLock lock(&mu_);
  auto page = pypi::RenderSimpleIndex(state_, content_type, BaseUrl(request));
  response.set_header("Vary", "Accept");
  response.set_header("X-PyPI-Last-Serial", std::to_string(state_.serial));
  response.set_content(page.body, page.content_type.c_str());
}

void PypiIndex::HandleSimpleProject(httplib::Request const& request,
                                    httplib::Response& response) {
  std::string name = request.matches[1].str();
  std::string normalized = wheel::NormalizeProjectName(name);
  if (name != normalized) {
    return Redirect(response, 301, absl::StrCat(BaseUrl(request), "/simple/", normalized, "/"));
  }
  auto content_type = pypi::NegotiateSimpleContentType(request.get_header_value("Accept"));
  absl::MutexLock lock(&mu_);
  auto project = state_.projects.find(normalized);
  if (project == state_.projects.end()) {
    response.status = 404;
    response.set_content("404 Not Found", "text/plain");
    return;
  }
  auto page =
      pypi::RenderSimpleProject(project->second, state_.serial, content_type, BaseUrl(request));
  response.set_header("Vary", "Accept");
  response.set_header("X-PyPI-Last-Serial", std::to_string(state_.serial));
  response.set_header("Cache-Control", "max-age=600, public");
  response.set_content(page.body, page.content_type.c_str());
}

void PypiIndex::HandleFile(httplib::Request const& request, httplib::Response& response) {
  std::string path = request.matches[1].str();
  bool known = false;
  {
    absl::MutexLock lock(&mu_);
    for (auto const& [_, project] : state_.projects) {
      for (auto const& release : project.releases) {
        for (auto const& file : release.files) known = known || file.path == path;
      }
    }
  }
  std::string disk_path = absl::StrCat(files_dir_, "/", path);
  struct stat info;
  if (!known || stat(disk_path.c_str(), &info) != 0) {
    response.status = 404;
    response.set_content("404 Not Found", "text/plain");
    return;
  }
  // Streamed from disk as stored, so a test that alters the file sees its bytes served.
  auto stream = std::make_shared<std::ifstream>(disk_path, std::ios::binary);
  response.set_content_provider(
      static_cast<std::size_t>(info.st_size), "application/octet-stream",
      [stream](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        char buffer[64 * 1024];
        stream->clear();
        stream->seekg(static_cast<std::streamoff>(offset));
        stream->read(buffer, static_cast<std::streamsize>(std::min(length, sizeof(buffer))));
        auto got = stream->gcount();
        if (got <= 0) return false;
        sink.write(buffer, static_cast<std::size_t>(got));
        return true;
      });
}

json PypiIndex::Dump() const {
  absl::MutexLock lock(&mu_);
  json dump = pypi::ToJson(state_);
  dump["state_dir"] = pypi_dir_;
  if (!load_status_.ok()) dump["load_error"] = std::string(load_status_.message());
  return dump;
}

absl::Status PypiIndex::SeedDemo() { return absl::OkStatus(); }

}  // namespace stablecut::sandbox
