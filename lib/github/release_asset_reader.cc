#include "lib/github/release_asset_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace stablecut::github {
namespace {

// Writes a ranged download into memory the caller sized for it: the range's length is
// known, so more bytes than that are an error, never a reallocation.
class FixedBufferSink : public http::ByteSink {
 public:
  FixedBufferSink(char* buffer, std::size_t capacity) : buffer_(buffer), capacity_(capacity) {}
  absl::Status Reset() override {
    written_ = 0;
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view bytes) override {
    if (bytes.size() > capacity_ - written_) {
      return absl::FailedPreconditionError(
          absl::StrCat("the asset's storage sent more than the ", capacity_, " bytes asked for"));
    }
    std::memcpy(buffer_ + written_, bytes.data(), bytes.size());
    written_ += bytes.size();
    return absl::OkStatus();
  }
  std::size_t written() const { return written_; }

 private:
  char* buffer_;
  std::size_t capacity_;
  std::size_t written_ = 0;
};

}  // namespace

ReleaseAssetReader::ReleaseAssetReader(http::CallContext const& context, Api& api, RepoRef repo,
                                       int64_t asset_id, int64_t asset_size)
    : context_(context),
      api_(api),
      repo_(std::move(repo)),
      asset_id_(asset_id),
      size_(asset_size) {}

ReleaseAssetReader::Block const* ReleaseAssetReader::Find(std::int64_t index) {
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if (it->index == index) {
      cache_.splice(cache_.begin(), cache_, it);
      return &cache_.front();
    }
  }
  return nullptr;
}

absl::Status ReleaseAssetReader::FetchInto(std::int64_t offset, std::int64_t length,
                                           char* buffer) {
  FixedBufferSink sink(buffer, static_cast<std::size_t>(length));
  ++requests_;
  auto status = api_.DownloadReleaseAssetRange(context_, repo_, asset_id_, offset, length, sink);
  if (!status.ok()) return status;
  if (static_cast<std::int64_t>(sink.written()) != length) {
    return absl::UnavailableError(absl::StrCat(
        "GET release asset ", asset_id_, ": ", sink.written(), " of the ", length,
        " bytes at offset ", offset, " arrived; try again"));
  }
  bytes_fetched_ += length;
  return absl::OkStatus();
}

absl::Status ReleaseAssetReader::FetchBlocks(std::int64_t first, std::int64_t last) {
  std::int64_t begin = first * kBlockBytes;
  std::int64_t end = std::min((last + 1) * kBlockBytes, size_);
  std::string bytes(static_cast<std::size_t>(end - begin), '\0');
  if (auto status = FetchInto(begin, end - begin, bytes.data()); !status.ok()) return status;
  for (std::int64_t index = first; index <= last; ++index) {
    std::size_t from = static_cast<std::size_t>((index - first) * kBlockBytes);
    cache_.push_front(Block{index, bytes.substr(from, static_cast<std::size_t>(kBlockBytes))});
  }
  while (cache_.size() > kMaxCachedBlocks) cache_.pop_back();
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> ReleaseAssetReader::ReadAt(std::int64_t offset, char* buffer,
                                                       std::size_t size) {
  if (offset < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("release asset ", asset_id_, ": cannot read at offset ", offset));
  }
  if (offset >= size_ || size == 0) return 0;
  std::int64_t const end = offset + std::min<std::int64_t>(static_cast<std::int64_t>(size),
                                                           size_ - offset);
  auto cached = [this](std::int64_t index) {
    return std::any_of(cache_.begin(), cache_.end(),
                       [index](Block const& block) { return block.index == index; });
  };
  std::int64_t const last_block = (size_ - 1) / kBlockBytes;
  std::int64_t position = offset;
  while (position < end) {
    std::int64_t index = position / kBlockBytes;
    if (Block const* block = Find(index)) {
      std::int64_t within = position - index * kBlockBytes;
      std::int64_t take = std::min<std::int64_t>(
          static_cast<std::int64_t>(block->bytes.size()) - within, end - position);
      std::memcpy(buffer + (position - offset), block->bytes.data() + within,
                  static_cast<std::size_t>(take));
      position += take;
      continue;
    }
    // The run of missing blocks from here on that this read needs.
    std::int64_t run_end = index;
    std::int64_t const needed_end = (end - 1) / kBlockBytes;
    while (run_end < needed_end && !cached(run_end + 1)) ++run_end;
    if (run_end - index + 1 > static_cast<std::int64_t>(kMaxCachedBlocks)) {
      // Too big to cache (a large central directory): one request, straight to the caller.
      std::int64_t stop = std::min((run_end + 1) * kBlockBytes, end);
      if (auto status = FetchInto(position, stop - position, buffer + (position - offset));
          !status.ok()) {
        return status;
      }
      position = stop;
      continue;
    }
    std::int64_t first = index;
    if (run_end == last_block) {
      while (first > 0 && first > last_block - kTailBlocks + 1 && !cached(first - 1) &&
             run_end - first + 1 < static_cast<std::int64_t>(kMaxCachedBlocks)) {
        --first;
      }
    }
    if (auto status = FetchBlocks(first, run_end); !status.ok()) return status;
  }
  return static_cast<std::size_t>(end - offset);
}

}  // namespace stablecut::github
