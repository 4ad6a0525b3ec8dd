#include "lib/github/release_asset_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace stablecut::github {

// Where the download writes: into the ring, waiting while it is full.
class ReleaseAssetStream::Sink : public http::ByteSink {
 public:
  explicit Sink(ReleaseAssetStream& stream) : stream_(stream) {}

  absl::Status Reset() override {
    ReleaseAssetStream& s = stream_;
    absl::MutexLock lock(&s.mu_);
    if (s.handed_ > 0 || s.handing_) {
      // The bytes already handed on are in the upload's body: they cannot be taken back.
      absl::Status restarted = absl::UnavailableError(absl::StrCat(
          "release asset ", s.asset_id_, ": the download restarted after ", s.handed_,
          " bytes had been handed on; the upload has to start over"));
      if (s.result_.ok()) s.result_ = restarted;
      s.changed_.SignalAll();
      return restarted;
    }
    s.head_ = 0;
    s.count_ = 0;
    s.received_ = 0;
    return absl::OkStatus();
  }

  absl::Status Write(absl::string_view bytes) override {
    ReleaseAssetStream& s = stream_;
    absl::MutexLock lock(&s.mu_);
    if (s.received_ + static_cast<int64_t>(bytes.size()) > s.size_) {
      return absl::FailedPreconditionError(absl::StrCat(
          "release asset ", s.asset_id_, " holds more than its stated ", s.size_,
          " bytes; read its size again"));
    }
    while (!bytes.empty()) {
      // Polled: nothing signals the caller's cancellation or deadline. Waits for room for a
      // good piece, not for any byte: a hand-off per few KiB costs more than the copy.
      std::size_t const room = std::min(bytes.size(), s.capacity_ / 4);
      while (s.capacity_ - s.count_ < room) {
        if (auto stopped = Stopped(); !stopped.ok()) return stopped;
        s.writer_waits_for_ = room;
        s.changed_.WaitWithTimeout(&s.mu_, http::CallContext::kPollInterval);
      }
      s.writer_waits_for_ = 0;
      if (auto stopped = Stopped(); !stopped.ok()) return stopped;
      std::size_t tail = (s.head_ + s.count_) % s.capacity_;
      std::size_t take = std::min({bytes.size(), s.capacity_ - s.count_, s.capacity_ - tail});
      // The copy runs unlocked: the free part of the ring is this thread's alone until
      // count_ grows, and a reader blocked on the lock for a copy's time costs a futex
      // sleep and wake-up each.
      s.mu_.Unlock();
      std::memcpy(s.ring_.data() + tail, bytes.data(), take);
      s.mu_.Lock();
      bytes.remove_prefix(take);
      s.count_ += take;
      s.received_ += static_cast<int64_t>(take);
      s.high_water_ = std::max(s.high_water_, s.count_);
      // Woken only once what it waits for is there: a wake-up per few KiB, each one sending
      // the reader back to sleep, cost the publisher more CPU than the bytes' copying.
      if (s.reader_waits_for_ > 0 && s.count_ >= s.reader_waits_for_) s.changed_.Signal();
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Stopped() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(stream_.mu_) {
    ReleaseAssetStream& s = stream_;
    if (s.stop_.load()) {
      return absl::CancelledError(absl::StrCat("release asset ", s.asset_id_,
                                               ": download stopped (stream rewound or closed)"));
    }
    if (s.download_context_.Expired(absl::Now())) {
      return absl::DeadlineExceededError(absl::StrCat(
          "release asset ", s.asset_id_, ": deadline exceeded after ", s.received_,
          " bytes, waiting for the upload to take them"));
    }
    if (s.download_context_.Cancelled()) {
      return absl::CancelledError(absl::StrCat("release asset ", s.asset_id_,
                                               ": download cancelled by the caller after ",
                                               s.received_, " bytes"));
    }
    return absl::OkStatus();
  }

  ReleaseAssetStream& stream_;
};

ReleaseAssetStream::ReleaseAssetStream(http::CallContext const& context, Api& api, RepoRef repo,
                                       int64_t asset_id, int64_t asset_size,
                                       std::size_t buffer_bytes)
    : api_(api),
      repo_(std::move(repo)),
      asset_id_(asset_id),
      size_(asset_size),
      capacity_(std::max<std::size_t>(buffer_bytes, 1)),
      download_context_(http::CallContext::FromDeadline(
          context.deadline(), [this, context] { return stop_.load() || context.Cancelled(); })) {}

ReleaseAssetStream::~ReleaseAssetStream() { Stop(); }

void ReleaseAssetStream::Start() {
  ring_.resize(capacity_);
  started_ = true;
  stop_.store(false);
  thread_ = std::thread([this] { Run(); });
}

void ReleaseAssetStream::Stop() {
  stop_.store(true);
  {
    absl::MutexLock lock(&mu_);
    changed_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
}

void ReleaseAssetStream::Run() {
  Sink sink(*this);
  absl::Status status = api_.DownloadReleaseAsset(download_context_, repo_, asset_id_, sink);
  absl::MutexLock lock(&mu_);
  if (status.ok() && received_ != size_) {
    status = absl::FailedPreconditionError(absl::StrCat(
        "release asset ", asset_id_, ": the download ended after ", received_,
        " bytes, but its stated size is ", size_, "; read its size again"));
  }
  if (result_.ok()) result_ = status;
  finished_ = true;
  changed_.SignalAll();
}

absl::Status ReleaseAssetStream::Rewind() {
  Stop();
  absl::MutexLock lock(&mu_);
  head_ = 0;
  count_ = 0;
  received_ = 0;
  handed_ = 0;
  started_ = false;
  finished_ = false;
  result_ = absl::OkStatus();
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> ReleaseAssetStream::Read(char* buffer, std::size_t size) {
  absl::MutexLock lock(&mu_);
  if (!started_) Start();
  if (size == 0) return 0;
  // Waits for a good piece (or the rest of the asset), not for any byte, for the same reason
  // as the writer.
  std::size_t const remaining = static_cast<std::size_t>(std::max<int64_t>(size_ - handed_, 0));
  std::size_t const want = std::max<std::size_t>(1, std::min({size, capacity_ / 4, remaining}));
  while (result_.ok() && count_ < want && !finished_) {
    reader_waits_for_ = want;
    changed_.Wait(&mu_);
  }
  reader_waits_for_ = 0;
  if (!result_.ok()) return result_;
  if (count_ == 0) return 0;  // finished, every byte handed on
  std::size_t take = std::min({size, count_, capacity_ - head_});
  // Unlocked, as the writer's copy: the buffered part is the reader's alone until count_
  // shrinks.
  char const* from = ring_.data() + head_;
  handing_ = true;
  mu_.Unlock();
  std::memcpy(buffer, from, take);
  mu_.Lock();
  handing_ = false;
  head_ = (head_ + take) % capacity_;
  count_ -= take;
  handed_ += static_cast<int64_t>(take);
  if (writer_waits_for_ > 0 && capacity_ - count_ >= writer_waits_for_) changed_.Signal();
  return take;
}

std::size_t ReleaseAssetStream::buffered_high_water() const {
  absl::MutexLock lock(&mu_);
  return high_water_;
}

}  // namespace stablecut::github
