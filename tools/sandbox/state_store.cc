// Loads and saves the sandbox state directory.
#include "tools/sandbox/state_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "tools/sandbox/tokens.h"

namespace stablecut::sandbox {

absl::Status WriteFileAtomically(std::string const& path, std::string const& contents) {
  std::string temporary = absl::StrCat(path, ".tmp-", RandomHex(4));
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", temporary, ": ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n <= 0) {
      close(fd);
      unlink(temporary.c_str());
      return absl::DataLossError(absl::StrCat("cannot write ", temporary));
    }
    done += static_cast<size_t>(n);
  }
  fsync(fd);
  close(fd);
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    unlink(temporary.c_str());
    return absl::DataLossError(
        absl::StrCat("cannot rename ", temporary, " to ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<StateStore>> StateStore::Open(std::string dir) {
  std::error_code error;
  std::filesystem::create_directories(dir + "/blobs", error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create state directory ", dir, ": ", error.message()));
  }
  std::unique_ptr<StateStore> store(new StateStore(dir));
  std::ifstream in(dir + "/state.json");
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    auto state = ParseState(text.str());
    if (!state.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, "/state.json: ", state.status().message(),
                       "; remove the state directory to start afresh"));
    }
    absl::MutexLock lock(&store->mu_);
    store->state_ = *std::move(state);
    store->fresh_ = false;
  }
  return store;
}

absl::Status StateStore::Save() {
  return WriteFileAtomically(dir_ + "/state.json", SerializeState(state_));
}

absl::Status StateStore::Replace(State state) {
  std::error_code error;
  std::filesystem::remove_all(dir_ + "/blobs", error);
  std::filesystem::create_directories(dir_ + "/blobs", error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot recreate ", dir_, "/blobs: ", error.message()));
  }
  state_ = std::move(state);
  return Save();
}

std::string StateStore::BlobPath(int64_t asset_id) const {
  return absl::StrCat(dir_, "/blobs/", asset_id);
}

std::string StateStore::TemporaryBlobPath() const {
  return absl::StrCat(dir_, "/blobs/upload-", RandomHex(8), ".part");
}

}  // namespace stablecut::sandbox
