#pragma once
// A release asset read at any offset through ranged downloads, for reading a wheel's
// METADATA from its end without downloading the wheel.

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/github/api.h"
#include "lib/http/body.h"
#include "lib/http/call_context.h"

namespace stablecut::github {

// Reads through a small cache of aligned blocks: a zip reader reads the last 64 KiB, then the
// central directory, then one member's local header and data, each often in the same blocks.
// The first fetch that reaches the end of the asset takes kTailBlocks blocks, since that is
// where a wheel keeps its central directory and (dist-info last) its METADATA. A read that
// needs more missing blocks than the cache holds goes straight to the caller's buffer in one
// request. Memory: at most kMaxCachedBlocks * kBlockBytes. Not thread-safe.
class ReleaseAssetReader : public http::RandomAccessSource {
 public:
  static constexpr std::int64_t kBlockBytes = 64 * 1024;
  static constexpr std::size_t kMaxCachedBlocks = 4;
  static constexpr std::int64_t kTailBlocks = 2;

  // `api` must outlive this. `asset_size` is the asset's size (ReleaseAsset::size): ranges are
  // asked for within it. Every read uses `context` (deadline, cancellation).
  ReleaseAssetReader(http::CallContext const& context, Api& api, RepoRef repo, int64_t asset_id,
                     int64_t asset_size);

  // Errors of DownloadReleaseAssetRange, unchanged; INVALID_ARGUMENT for a negative offset.
  absl::StatusOr<std::size_t> ReadAt(std::int64_t offset, char* buffer,
                                     std::size_t size) override;
  std::int64_t size() const override { return size_; }

  // For tests and logs: range requests made, and bytes they fetched.
  int requests() const { return requests_; }
  std::int64_t bytes_fetched() const { return bytes_fetched_; }

 private:
  struct Block {
    std::int64_t index = 0;
    std::string bytes;  // kBlockBytes, or less for the last block
  };
  Block const* Find(std::int64_t index);  // moves it to the front (most recently used)
  // Fetches blocks [first, last] in one request into the cache.
  absl::Status FetchBlocks(std::int64_t first, std::int64_t last);
  // Fetches `length` bytes at `offset` straight into `buffer`.
  absl::Status FetchInto(std::int64_t offset, std::int64_t length, char* buffer);

  http::CallContext context_;
  Api& api_;
  RepoRef repo_;
  int64_t asset_id_;
  std::int64_t size_;
  std::list<Block> cache_;  // most recently used first
  int requests_ = 0;
  std::int64_t bytes_fetched_ = 0;
};

}  // namespace stablecut::github
