#pragma once
// One release asset as a request body (a PyPI upload's file part), downloaded while it is
// sent: no copy on disk, and memory bounded whatever the asset's size.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "lib/github/api.h"
#include "lib/http/body.h"
#include "lib/http/call_context.h"

namespace stablecut::github {

// The first Read() starts a background thread that downloads the asset into a buffer of at
// most `buffer_bytes`; the download waits while the buffer is full, and Read() hands bytes on
// as they arrive. The consumer cannot take bytes back, so when the download's retry loop
// starts over (ByteSink::Reset) after bytes were handed on, Read() fails with UNAVAILABLE and
// the upload has to start over (Rewind). Read() and Rewind() are for one consumer thread.
class ReleaseAssetStream : public http::ByteSource {
 public:
  // Enough to keep an upload busy through a download's hiccups, small enough for a service.
  static constexpr std::size_t kBufferBytes = 4 << 20;

  // `api` must outlive this. `asset_size` is ReleaseAsset::size: what size() reports, and
  // what the download must deliver. The download runs under `context` (deadline and
  // cancellation) and is cancelled besides by Rewind() and the destructor.
  ReleaseAssetStream(http::CallContext const& context, Api& api, RepoRef repo, int64_t asset_id,
                     int64_t asset_size, std::size_t buffer_bytes = kBufferBytes);
  // Cancels the download and waits for its thread.
  ~ReleaseAssetStream() override;
  ReleaseAssetStream(ReleaseAssetStream const&) = delete;
  ReleaseAssetStream& operator=(ReleaseAssetStream const&) = delete;

  // Cancels a running download; the next Read() starts again from the first byte.
  absl::Status Rewind() override;
  // Up to `size` bytes, waiting for the download; 0 at the end. Errors: the download's
  // status (DownloadReleaseAsset's errors, CANCELLED, DEADLINE_EXCEEDED); UNAVAILABLE when it
  // restarted after bytes were handed on; FAILED_PRECONDITION when it delivered more or fewer
  // bytes than asset_size.
  absl::StatusOr<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::int64_t> size() const override { return size_; }

  // The most bytes the buffer has held at once (for tests of the memory bound).
  std::size_t buffered_high_water() const;

 private:
  class Sink;
  void Start() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Stop();  // cancels and joins the download, if any
  void Run();   // the download thread

  Api& api_;
  RepoRef repo_;
  int64_t asset_id_;
  int64_t size_;
  std::size_t capacity_;
  std::atomic<bool> stop_{false};
  http::CallContext download_context_;  // the caller's, also cancelled by stop_
  std::thread thread_;

  mutable absl::Mutex mu_;
  absl::CondVar changed_;  // bytes, space, the end or a stop
  std::vector<char> ring_ ABSL_GUARDED_BY(mu_);
  std::size_t head_ ABSL_GUARDED_BY(mu_) = 0;   // next byte to hand on
  std::size_t count_ ABSL_GUARDED_BY(mu_) = 0;  // bytes buffered
  int64_t received_ ABSL_GUARDED_BY(mu_) = 0;   // accepted since the download's last Reset
  int64_t handed_ ABSL_GUARDED_BY(mu_) = 0;     // given to Read() since the last Rewind
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status result_ ABSL_GUARDED_BY(mu_);
  std::size_t high_water_ ABSL_GUARDED_BY(mu_) = 0;
  // What a waiting side needs before it is worth waking: bytes for Read, room for the
  // download; 0 while that side is not waiting.
  std::size_t reader_waits_for_ ABSL_GUARDED_BY(mu_) = 0;
  std::size_t writer_waits_for_ ABSL_GUARDED_BY(mu_) = 0;
  // Read() is copying bytes out with the lock released: they count as handed on.
  bool handing_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace stablecut::github
