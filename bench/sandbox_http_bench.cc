// The sandbox's GitHub side under a plain client: a request on a kept-alive connection
// (goal p50 <= 2 ms for the 14 KB releases list), the same on fresh connections, and a
// release-asset download through the storage redirect (goal >= 800 MiB/s).
// Usage: stablecut_sandbox_http_bench [asset_mib]   (bounded: 500 + 100 requests, 3 downloads)

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_stats.h"
#include "tests/testing/loopback_http.h"
#include "tests/testing/sandbox_process.h"

namespace {

using stablecut::bench::Met;
using stablecut::bench::MibPerSecond;
using stablecut::bench::Ms;
using stablecut::bench::Percentile;
using stablecut::testing::LoopbackConnection;
using stablecut::testing::SandboxProcess;

int Fail(std::string const& what) {
  std::fprintf(stderr, "sandbox_http_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t asset_mib = argc > 1 ? std::atoll(argv[1]) : 256;
  auto sandbox = SandboxProcess::Start("demo");
  if (!sandbox.ok()) return Fail(sandbox.status().ToString());
  SandboxProcess& sb = **sandbox;
  std::string const read_auth = absl::StrCat("Authorization: Bearer ", sb.read_token(), "\r\n");
  std::string const write_auth = absl::StrCat("Authorization: Bearer ", sb.write_token(), "\r\n");
  std::string const list = SandboxProcess::Demo("/releases?per_page=5");

  // 1. One kept-alive connection, 500 sequential requests (after 20 to warm up).
  {
    auto connection = LoopbackConnection::Connect(sb.port());
    if (!connection.ok()) return Fail(connection.status().ToString());
    std::vector<absl::Duration> samples;
    std::int64_t size = 0;
    for (int i = 0; i < 520; ++i) {
      absl::Time start = absl::Now();
      auto reply = connection->Get(list, read_auth);
      absl::Duration took = absl::Now() - start;
      if (!reply.ok() || reply->status != 200) {
        return Fail(absl::StrCat("kept-alive request ", i, ": ",
                                 reply.ok() ? reply->head : reply.status().ToString()));
      }
      if (reply->server_closes) return Fail("the sandbox closed the kept-alive connection");
      size = reply->body_size;
      if (i >= 20) samples.push_back(took);
    }
    absl::Duration p50 = Percentile(samples, 50);
    std::printf("kept_alive: %zu requests of the releases list (%lld bytes) on one connection: "
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms; goal p50 <= 2 ms: %s\n",
                samples.size(), static_cast<long long>(size), Ms(p50), Ms(Percentile(samples, 99)),
                Ms(Percentile(samples, 100)), Met(p50 <= absl::Milliseconds(2)));
  }
  // 2. The same request, a new connection each time (for comparison).
  {
    std::vector<absl::Duration> samples;
    for (int i = 0; i < 100; ++i) {
      absl::Time start = absl::Now();
      auto connection = LoopbackConnection::Connect(sb.port());
      if (!connection.ok()) return Fail(connection.status().ToString());
      auto reply = connection->Get(list, read_auth);
      samples.push_back(absl::Now() - start);
      if (!reply.ok() || reply->status != 200) return Fail("fresh-connection request failed");
    }
    std::printf("fresh_connection: %zu requests, a connection each: p50 %.2f ms, p99 %.2f ms\n",
                samples.size(), Ms(Percentile(samples, 50)), Ms(Percentile(samples, 99)));
  }
  // 3. An asset of `asset_mib` MiB, uploaded once and downloaded three times (after the
  // API's 302 to the storage host) on a kept-alive connection, the body thrown away.
  {
    auto created = sb.Send("POST", SandboxProcess::Demo("/releases"), sb.write_token(),
                           R"({"tag_name":"bench-download-1","name":"bench"})");
    if (created.status != 201) return Fail(absl::StrCat("create release: ", created.body));
    std::int64_t release_id = created.Json().value("id", std::int64_t{0});
    std::string bytes(static_cast<std::size_t>(asset_mib) << 20, '\0');
    std::uint64_t x = 88172645463325252ULL;
    for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      std::memcpy(&bytes[i], &x, 8);
    }
    auto connection = LoopbackConnection::Connect(sb.port());
    if (!connection.ok()) return Fail(connection.status().ToString());
    auto written = connection->Write(absl::StrCat(
        "POST /github-uploads/repos/stablecut-demo/widgets/releases/", release_id,
        "/assets?name=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n", write_auth,
        "Content-Type: application/octet-stream\r\nContent-Length: ", bytes.size(), "\r\n\r\n"));
    if (written.ok()) written = connection->Write(bytes);
    if (!written.ok()) return Fail(written.ToString());
    auto uploaded = connection->Read();
    if (!uploaded.ok() || uploaded->status != 201) {
      return Fail(absl::StrCat("asset upload: ", uploaded.ok() ? uploaded->body
                                                               : uploaded.status().ToString()));
    }
    std::int64_t asset_id = nlohmann::json::parse(uploaded->body).value("id", std::int64_t{0});
    std::vector<double> rates;
    auto storage = LoopbackConnection::Connect(sb.port());
    if (!storage.ok()) return Fail(storage.status().ToString());
    for (int i = 0; i < 3; ++i) {
      absl::Time start = absl::Now();
      auto redirect = connection->Get(
          absl::StrCat("/github/repos/stablecut-demo/widgets/releases/assets/", asset_id),
          absl::StrCat(read_auth, "Accept: application/octet-stream\r\n"));
      if (!redirect.ok() || redirect->status != 302) return Fail("no redirect to storage");
      std::string location = redirect->Header("Location");
      std::string target = location.substr(location.find("/github-storage/"));
      auto body = storage->Get(target, "", /*keep_body=*/false);
      absl::Duration took = absl::Now() - start;
      if (!body.ok() || body->status != 200 ||
          body->body_size != static_cast<std::int64_t>(bytes.size())) {
        return Fail(absl::StrCat("download: ", body.ok() ? body->head : body.status().ToString()));
      }
      rates.push_back(MibPerSecond(static_cast<double>(bytes.size()), took));
    }
    std::sort(rates.begin(), rates.end());
    std::printf("asset_download: %lld MiB asset, 3 downloads (redirect + body): median %.0f "
                "MiB/s, best %.0f MiB/s; goal >= 800 MiB/s: %s\n",
                static_cast<long long>(asset_mib), rates[1], rates[2], Met(rates[1] >= 800));
  }
  return 0;
}
