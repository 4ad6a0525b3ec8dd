#pragma once
// The sandbox's fake PyPI: warehouse's legacy upload API, JSON API, simple index and file
// downloads under /pypi/, with state in <state_dir>/pypi/ (see docs/reference/pypi.md).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tools/sandbox/pypi/pypi_state.h"
#include "tools/sandbox/pypi/upload_processor.h"

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace stablecut::sandbox {

// Routes, all under /pypi/ (base http://127.0.0.1:<port>/pypi):
//   POST /pypi/legacy/                           upload (POST /pypi/legacy -> 308)
//   GET  /pypi/pypi/<project>[/<version>]/json   JSON API
//   GET  /pypi/simple/, /pypi/simple/<project>/  PEP 503 HTML / PEP 691 JSON
//   GET  /pypi/files/<b2[0:2]>/<b2[2:4]>/<b2[4:]>/<filename>   the stored bytes
// Files live at <state_dir>/pypi/files/<same path>; the index at <state_dir>/pypi/index.json.
// Thread-safe: handlers may run concurrently on httplib's thread pool.
class PypiIndex {
 public:
  // Loads any state a previous run left. `now` stamps uploads and decides the 14-day
  // rule; `upload_token` is the one API token accepted (as __token__'s password).
  // `limits`: the per-file and per-project size limits (PyPI's defaults unless a sandbox
  // flag raises or lowers them).
  PypiIndex(std::string state_dir, std::function<absl::Time()> now, std::string upload_token,
            pypi::UploadLimits limits = {});
  PypiIndex(PypiIndex const&) = delete;
  PypiIndex& operator=(PypiIndex const&) = delete;

  // Adds the routes above to `server`; `this` must outlive it.
  void Register(httplib::Server& server);
  // Every upload attempt (time, filename, identity, status, message, sha256) and every
  // stored project, release and file. Holds no token.
  nlohmann::json Dump() const;
  // A no-op: the demo's wheels are uploaded by whoever seeds (they are built by tests).
  absl::Status SeedDemo();

 private:
  void HandleUpload(httplib::Request const& request, httplib::Response& response,
                    httplib::ContentReader const& reader);
  void HandleProjectJson(httplib::Request const& request, httplib::Response& response);
  void HandleSimpleIndex(httplib::Request const& request, httplib::Response& response);
  void HandleSimpleProject(httplib::Request const& request, httplib::Response& response);
  void HandleFile(httplib::Request const& request, httplib::Response& response);
  void RecordAttempt(pypi::UploadAttempt attempt) ABSL_LOCKS_EXCLUDED(mu_);

  std::string pypi_dir_;
  std::string files_dir_;
  std::string spool_dir_;
  std::function<absl::Time()> now_;
  std::string upload_token_;  // compared only; never logged or dumped
  pypi::UploadLimits limits_;
  std::atomic<std::uint64_t> next_spool_id_{0};
  mutable absl::Mutex mu_;
  absl::Status load_status_ ABSL_GUARDED_BY(mu_);
  pypi::PypiState state_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stablecut::sandbox
