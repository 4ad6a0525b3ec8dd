#include "services/publisher/audit_trail.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "lib/log/log.h"

namespace stablecut::publisher {
namespace {

absl::Status WriteError(std::string const& path, absl::string_view what) {
  return absl::UnavailableError(absl::StrCat("cannot write the audit trail \"", path, "\" (",
                                             what, "); nothing was published"));
}

}  // namespace

absl::Status AuditTrail::Append(std::string const& json_object) {
  std::string line = absl::StrCat(json_object, "\n");
  absl::MutexLock lock(&mu_);
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return WriteError(path_, std::strerror(errno));
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      return WriteError(path_, std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    return WriteError(path_, absl::StrCat("fsync: ", std::strerror(error)));
  }
  if (::close(fd) != 0) return WriteError(path_, std::strerror(errno));
  log::Event(log::Level::kInfo, "audit record", {{"record", json_object}});
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> AuditTrail::RecordsFor(std::string const& tag) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> records;
  std::ifstream in(path_);
  if (!in) {
    if (::access(path_.c_str(), F_OK) != 0) return records;  // nothing published yet
    return absl::UnavailableError(absl::StrCat("cannot read the audit trail \"", path_, "\""));
  }
  std::string line;
  while (std::getline(in, line)) {
    auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object()) continue;
    auto it = record.find("tag");
    if (it != record.end() && it->is_string() && it->get<std::string>() == tag) {
      records.push_back(line);
    }
  }
  return records;
}

}  // namespace stablecut::publisher
