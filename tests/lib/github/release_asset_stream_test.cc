// ReleaseAssetStream over a mock's downloads: the memory bound, errors, a download that
// restarts, Rewind and destruction mid-stream.
#include "lib/github/release_asset_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "lib/github/mocks/mock_api.h"
#include "tests/testing/status_matchers.h"

namespace stablecut::github {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::NiceMock;

RepoRef const kRepo{"o", "r"};
constexpr int64_t kAssetId = 11;
constexpr std::size_t kChunk = 16 * 1024;  // what libcurl hands a sink at a time

char ByteAt(int64_t i) { return static_cast<char>((i * 31 + i / 4096) & 0xff); }

// Writes bytes [from, to) of the pattern in chunks, stopping at the sink's first error.
absl::Status WritePattern(http::ByteSink& sink, int64_t from, int64_t to) {
  std::string chunk;
  for (int64_t at = from; at < to;) {
    int64_t n = std::min<int64_t>(kChunk, to - at);
    chunk.resize(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) chunk[static_cast<std::size_t>(i)] = ByteAt(at + i);
    if (auto written = sink.Write(chunk); !written.ok()) return written;
    at += n;
  }
  return absl::OkStatus();
}

using Download = std::function<absl::Status(http::CallContext const&, http::ByteSink&)>;

void OnDownload(NiceMock<MockApi>& api, Download download) {
  ON_CALL(api, DownloadReleaseAsset(_, _, kAssetId, _))
      .WillByDefault(Invoke([download](http::CallContext const& context, RepoRef const&, int64_t,
                                       http::ByteSink& sink) { return download(context, sink); }));
}

// Reads to the end in pieces of `piece` bytes, checking every byte against the pattern.
absl::StatusOr<int64_t> ReadToEnd(ReleaseAssetStream& stream, std::size_t piece,
                                  int64_t stop_after = -1) {
  std::string buffer(piece, '\0');
  int64_t total = 0;
  for (;;) {
    if (stop_after >= 0 && total >= stop_after) return total;
    auto read = stream.Read(buffer.data(), buffer.size());
    if (!read.ok()) return read.status();
    if (*read == 0) return total;
    for (std::size_t i = 0; i < *read; ++i) {
      if (buffer[i] != ByteAt(total + static_cast<int64_t>(i))) {
        return absl::DataLossError(absl::StrCat("byte ", total + i, " differs"));
      }
    }
    total += static_cast<int64_t>(*read);
  }
}

TEST(ReleaseAssetStream, A64MiBAssetReadInSmallPiecesNeverHoldsMoreThanTheBound) {
  constexpr int64_t kSize = 64 << 20;
  constexpr std::size_t kBound = 1 << 20;
  NiceMock<MockApi> api;
  OnDownload(api, [](http::CallContext const&, http::ByteSink& sink) {
    if (auto reset = sink.Reset(); !reset.ok()) return reset;
    return WritePattern(sink, 0, kSize);
  });
  ReleaseAssetStream stream({}, api, kRepo, kAssetId, kSize, kBound);
  EXPECT_EQ(stream.size(), kSize);
  ASSERT_THAT(stream.Rewind(), IsOk());  // as http::Client does before sending
  auto total = ReadToEnd(stream, 4000);
  ASSERT_THAT(total, IsOk());
  EXPECT_EQ(*total, kSize);
  EXPECT_GT(stream.buffered_high_water(), 0u);
  EXPECT_LE(stream.buffered_high_water(), kBound);
  char one;
  auto end = stream.Read(&one, 1);
  ASSERT_THAT(end, IsOk());
  EXPECT_EQ(*end, 0u);  // the end stays the end
}

TEST(ReleaseAssetStream, TheDefaultBoundIsAFewMiB) {
  EXPECT_LE(ReleaseAssetStream::kBufferBytes, 8u << 20);
}

TEST(ReleaseAssetStream, TheDownloadsErrorSurfacesFromRead) {
  NiceMock<MockApi> api;
  OnDownload(api, [](http::CallContext const&, http::ByteSink& sink) {
    if (auto written = WritePattern(sink, 0, 5000); !written.ok()) return written;
    return absl::UnavailableError("GitHub unavailable after 5 attempts in 31s");
  });
  ReleaseAssetStream stream({}, api, kRepo, kAssetId, 100000);
  EXPECT_THAT(ReadToEnd(stream, 1000),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("after 5 attempts")));
}

TEST(ReleaseAssetStream, AShortOrLongDownloadIsAnErrorNotAnEnd) {
  NiceMock<MockApi> api;
  OnDownload(api, [](http::CallContext const&, http::ByteSink& sink) {
    return WritePattern(sink, 0, 900);
  });
  ReleaseAssetStream short_stream({}, api, kRepo, kAssetId, 1000);
  EXPECT_THAT(ReadToEnd(short_stream, 100),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("after 900 bytes"), HasSubstr("stated size is 1000"))));
  ReleaseAssetStream long_stream({}, api, kRepo, kAssetId, 800);
  EXPECT_THAT(ReadToEnd(long_stream, 100),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("more than its stated 800 bytes")));
}

TEST(ReleaseAssetStream, ARestartAfterBytesWereHandedOnFailsTheRead) {
  NiceMock<MockApi> api;
  absl::Notification handed;
  OnDownload(api, [&](http::CallContext const&, http::ByteSink& sink) {
    if (auto written = WritePattern(sink, 0, 3000); !written.ok()) return written;
    handed.WaitForNotification();
    // The retry loop after a dropped connection: the sink starts over.
    if (auto reset = sink.Reset(); !reset.ok()) return reset;
    return WritePattern(sink, 0, 10000);
  });
  ReleaseAssetStream stream({}, api, kRepo, kAssetId, 10000);
  auto first = ReadToEnd(stream, 1000, /*stop_after=*/3000);
  ASSERT_THAT(first, IsOk());
  handed.Notify();
  EXPECT_THAT(ReadToEnd(stream, 1000),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("release asset 11"), HasSubstr("restarted after 3000 bytes"),
                             HasSubstr("upload has to start over"))));
}

TEST(ReleaseAssetStream, ARestartBeforeAnyByteWasHandedOnDropsTheFirstAttemptsBytes) {
  NiceMock<MockApi> api;
  absl::Notification downloaded;
  OnDownload(api, [&](http::CallContext const&, http::ByteSink& sink) {
    (void)sink.Write(std::string(3000, '?'));  // a first attempt, cut off
    if (auto reset = sink.Reset(); !reset.ok()) return reset;
    absl::Status status = WritePattern(sink, 0, 20000);
    downloaded.Notify();
    return status;
  });
  ReleaseAssetStream stream({}, api, kRepo, kAssetId, 20000, 64 * 1024);
  char none;
  ASSERT_THAT(stream.Read(&none, 0), IsOk());  // starts it, takes nothing
  downloaded.WaitForNotification();
  auto total = ReadToEnd(stream, 777);
  ASSERT_THAT(total, IsOk());
  EXPECT_EQ(*total, 20000);
}

TEST(ReleaseAssetStream, RewindMidStreamCancelsTheDownloadAndStartsAgain) {
  constexpr int64_t kSize = 8 << 20;
  NiceMock<MockApi> api;
  std::atomic<int> calls{0};
  std::atomic<int> cancelled{0};
  OnDownload(api, [&](http::CallContext const& context, http::ByteSink& sink) {
    ++calls;
    absl::Status status = WritePattern(sink, 0, kSize);
    if (context.Cancelled()) ++cancelled;
    return status;
  });
  ReleaseAssetStream stream({}, api, kRepo, kAssetId, kSize, 256 * 1024);
  ASSERT_THAT(ReadToEnd(stream, 10000, /*stop_after=*/1 << 20), IsOk());
  ASSERT_THAT(stream.Rewind(), IsOk());
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(cancelled.load(), 1);  // the first download saw its context cancelled
  auto total = ReadToEnd(stream, 10000);
  ASSERT_THAT(total, IsOk());
  EXPECT_EQ(*total, kSize);  // from the first byte again
  EXPECT_EQ(calls.load(), 2);
}

TEST(ReleaseAssetStream, DestructionMidStreamCancelsAndJoinsTheDownload) {
  NiceMock<MockApi> api;
  std::atomic<bool> returned{false};
  absl::Status seen;
  OnDownload(api, [&](http::CallContext const&, http::ByteSink& sink) {
    seen = WritePattern(sink, 0, 64 << 20);  // blocks once the buffer is full
    returned = true;
    return seen;
  });
  absl::Time start = absl::Now();
  {
    ReleaseAssetStream stream({}, api, kRepo, kAssetId, 64 << 20, 64 * 1024);
    ASSERT_THAT(ReadToEnd(stream, 1000, /*stop_after=*/100000), IsOk());
  }
  EXPECT_TRUE(returned.load());  // joined: the download has finished
  EXPECT_THAT(seen, StatusIs(absl::StatusCode::kCancelled, HasSubstr("release asset 11")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(ReleaseAssetStream, TheCallersCancellationReachesTheDownload) {
  NiceMock<MockApi> api;
  std::atomic<bool> caller_gone{false};
  OnDownload(api, [&](http::CallContext const& context, http::ByteSink& sink) {
    absl::Status status = WritePattern(sink, 0, 64 << 20);
    EXPECT_TRUE(context.Cancelled());
    return status;
  });
  http::CallContext context =
      http::CallContext::FromDeadline(absl::InfiniteFuture(), [&] { return caller_gone.load(); });
  ReleaseAssetStream stream(context, api, kRepo, kAssetId, 64 << 20, 64 * 1024);
  ASSERT_THAT(ReadToEnd(stream, 1000, /*stop_after=*/100000), IsOk());
  caller_gone = true;
  // What was buffered may still come out; then the cancellation does, long before the end.
  std::string buffer(1000, '\0');
  absl::StatusOr<std::size_t> read;
  std::int64_t after = 0;
  while ((read = stream.Read(buffer.data(), buffer.size())).ok() && *read > 0) after += *read;
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled by the caller")));
  EXPECT_LT(after, 64 << 20);
}

TEST(ReleaseAssetStream, TheCallersDeadlineReachesTheDownload) {
  NiceMock<MockApi> api;
  OnDownload(api, [&](http::CallContext const&, http::ByteSink& sink) {
    return WritePattern(sink, 0, 64 << 20);
  });
  http::CallContext context =
      http::CallContext::FromDeadline(absl::Now() + absl::Milliseconds(300));
  ReleaseAssetStream stream(context, api, kRepo, kAssetId, 64 << 20, 64 * 1024);
  ASSERT_THAT(ReadToEnd(stream, 1000, /*stop_after=*/100000), IsOk());
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_THAT(ReadToEnd(stream, 1000),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("deadline exceeded")));
}

}  // namespace
}  // namespace stablecut::github
