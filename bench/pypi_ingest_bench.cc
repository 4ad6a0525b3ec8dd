// PyPI ingest on the sandbox: 64 MiB wheels uploaded as twine does (multipart, all three
// digests in the form), alone and four at once, new and identical re-uploads. Goals: four
// parallel uploads >= 400 MiB/s in all; an identical re-upload no slower than a new one.
// Also prints what each digest costs on one core here, and, side by side in the same run,
// the floor: the sandbox's own digest code (UploadSpool, nothing written) over the same
// four wheels on every core at once, nothing received or parsed. The 400 MiB/s was
// set against a ceiling of ~650 MiB/s measured on its day (0.62 of it); the digests' speed
// here varies by day by half, so the ratio to the floor measured in this run is the goal
// that means the same thing on any day, printed with the absolute figure.
// Usage: stablecut_pypi_ingest_bench [wheel_mib]   (bounded: 10 uploads)

#include <openssl/evp.h>
#include <sodium.h>
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/bench_stats.h"
#include "bench/bench_wheels.h"
#include "bench/process_stats.h"
#include "tests/testing/loopback_http.h"
#include "tests/testing/sandbox_process.h"
#include "tests/testing/temp_dir.h"
#include "tools/sandbox/pypi/upload_spool.h"

namespace {

using stablecut::bench::Met;
using stablecut::bench::CpuSeconds;
using stablecut::bench::MibPerSecond;
using stablecut::testing::LoopbackConnection;
using stablecut::testing::SandboxProcess;

int Fail(std::string const& what) {
  std::fprintf(stderr, "pypi_ingest_bench: %s\n", what.c_str());
  return 1;
}

// A valid wheel of about `size` bytes: the payload stored uncompressed, plus dist-info.
std::string BuildWheel(std::string const& dir, std::string const& version, std::size_t size,
                       std::uint64_t seed) {
  return stablecut::bench::WriteWheel(absl::StrCat(dir, "/bench_pkg-", version, "-py3-none-any.whl"),
                                      "bench_pkg", version, "py3-none-any", size, seed);
}

// One upload request as twine sends it: text fields, then the file part.
struct Upload {
  std::string head;  // request line and headers
  std::string body;
};

Upload MakeUpload(std::string const& version, std::string const& wheel, std::string const& token) {
  std::string const boundary = "bench0boundary0x7d2f";
  std::vector<std::pair<std::string, std::string>> fields = {
      {":action", "file_upload"},        {"protocol_version", "1"},
      {"metadata_version", "2.1"},       {"name", "bench-pkg"},
      {"version", version},              {"filetype", "bdist_wheel"},
      {"pyversion", "py3"},              {"md5_digest", stablecut::bench::Md5Hex(wheel)},
      {"sha256_digest", stablecut::bench::Sha256Hex(wheel)},
      {"blake2_256_digest", stablecut::bench::Blake2b256Hex(wheel)}};
  Upload upload;
  for (auto const& [name, value] : fields) {
    absl::StrAppend(&upload.body, "--", boundary, "\r\nContent-Disposition: form-data; name=\"",
                    name, "\"\r\n\r\n", value, "\r\n");
  }
  absl::StrAppend(&upload.body, "--", boundary,
                  "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"bench_pkg-",
                  version, "-py3-none-any.whl\"\r\nContent-Type: application/octet-stream\r\n\r\n");
  upload.body += wheel;
  absl::StrAppend(&upload.body, "\r\n--", boundary, "--\r\n");
  upload.head = absl::StrCat(
      "POST /pypi/legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: twine/bench\r\n",
      "Authorization: Basic ", absl::Base64Escape("__token__:" + token), "\r\n",
      "Content-Type: multipart/form-data; boundary=", boundary, "\r\nContent-Length: ",
      upload.body.size(), "\r\n\r\n");
  return upload;
}

// Sends the uploads at once, one connection each; the wall time of the slowest, or a failure.
absl::StatusOr<absl::Duration> SendAll(int port, std::vector<Upload const*> const& uploads) {
  std::vector<absl::Status> results(uploads.size());
  std::vector<std::thread> threads;
  absl::Time start = absl::Now();
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    threads.emplace_back([&, i] {
      auto connection = LoopbackConnection::Connect(port);
      if (!connection.ok()) {
        results[i] = connection.status();
        return;
      }
      absl::Status written = connection->Write(uploads[i]->head);
      if (written.ok()) written = connection->Write(uploads[i]->body);
      if (!written.ok()) {
        results[i] = written;
        return;
      }
      auto reply = connection->Read();
      if (!reply.ok()) {
        results[i] = reply.status();
      } else if (reply->status != 200) {
        results[i] = absl::InternalError(absl::StrCat("HTTP ", reply->status, ": ", reply->body.substr(0, 300)));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  absl::Duration elapsed = absl::Now() - start;
  for (auto const& result : results) {
    if (!result.ok()) return result;
  }
  return elapsed;
}

// The sandbox's three digests over `wheels` (as it takes an upload: 1 MiB reads, each
// digested in slices) on `threads` threads at once; MiB/s in all.
double DigestFloor(std::vector<std::string const*> const& wheels, unsigned threads) {
  std::vector<std::thread> workers;
  double total = 0;
  for (auto const* w : wheels) total += static_cast<double>(w->size());
  absl::Time start = absl::Now();
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < wheels.size(); i += threads) {
        stablecut::sandbox::pypi::UploadSpool spool("", ~std::uint64_t{0}, /*write=*/false);
        absl::string_view bytes(*wheels[i]);
        for (std::size_t at = 0; at < bytes.size(); at += 1 << 20) {
          spool.Append(bytes.substr(at, 1 << 20));
        }
        (void)spool.Finish();
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return MibPerSecond(total, absl::Now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return Fail("sodium_init failed");
  std::size_t const mib = argc > 1 ? static_cast<std::size_t>(std::atoll(argv[1])) : 64;
  std::size_t const size = mib << 20;
  unsigned const cores = std::max(1u, std::thread::hardware_concurrency());
  stablecut::testing::TempDir dir;
  std::vector<std::string> wheels;
  for (int i = 0; i < 5; ++i) {
    wheels.push_back(BuildWheel(dir.path(), absl::StrCat("1.0.", i), size, 100 + i));
    if (wheels.back().empty()) return Fail("could not build a wheel");
  }

  // Where the time goes: each digest over one wheel on one core.
  {
    std::string const& w = wheels[0];
    double mb = static_cast<double>(w.size());
    absl::Time t0 = absl::Now();
    stablecut::bench::Md5Hex(w);
    absl::Time t1 = absl::Now();
    stablecut::bench::Sha256Hex(w);
    absl::Time t2 = absl::Now();
    stablecut::bench::Blake2b256Hex(w);
    absl::Time t3 = absl::Now();
    double md5 = MibPerSecond(mb, t1 - t0), sha = MibPerSecond(mb, t2 - t1),
           b2 = MibPerSecond(mb, t3 - t2);
    double one_core = 1.0 / (1.0 / md5 + 1.0 / sha + 1.0 / b2);
    std::printf("digests, one core: md5 %.0f MiB/s, sha256 %.0f MiB/s, blake2b-256 (libsodium) "
                "%.0f MiB/s; all three %.0f MiB/s a core, so ~%.0f MiB/s on %u cores before "
                "receiving, parsing and writing\n",
                md5, sha, b2, one_core, one_core * cores, cores);
  }

  auto sandbox = SandboxProcess::Start("none");
  if (!sandbox.ok()) return Fail(sandbox.status().ToString());
  int port = (*sandbox)->port();
  pid_t sandbox_pid = (*sandbox)->process().pid();
  std::string token = (*sandbox)->pypi_token();
  std::vector<Upload> uploads;
  for (int i = 0; i < 5; ++i) uploads.push_back(MakeUpload(absl::StrCat("1.0.", i), wheels[i], token));
  double const wheel_mib = static_cast<double>(wheels[0].size()) / (1 << 20);

  auto run = [&](char const* label, std::vector<Upload const*> const& batch) -> double {
    auto cpu_before = CpuSeconds(sandbox_pid);
    auto took = SendAll(port, batch);
    auto cpu_after = CpuSeconds(sandbox_pid);
    if (!took.ok()) {
      std::fprintf(stderr, "pypi_ingest_bench: %s: %s\n", label, took.status().ToString().c_str());
      std::exit(1);
    }
    double rate = wheel_mib * static_cast<double>(batch.size()) / absl::ToDoubleSeconds(*took);
    std::printf("%s: %zu x %.0f MiB in %.3f s = %.0f MiB/s (sandbox CPU: user %.2f s, system "
                "%.2f s)\n",
                label, batch.size(), wheel_mib, absl::ToDoubleSeconds(*took), rate,
                cpu_after.first - cpu_before.first, cpu_after.second - cpu_before.second);
    return rate;
  };
  double single_new = run("one_new", {&uploads[0]});
  double single_again = run("one_identical_reupload", {&uploads[0]});
  double four_new = run("four_parallel_new", {&uploads[1], &uploads[2], &uploads[3], &uploads[4]});
  double four_again =
      run("four_parallel_identical_reuploads", {&uploads[1], &uploads[2], &uploads[3], &uploads[4]});
  double const floor =
      DigestFloor({&wheels[1], &wheels[2], &wheels[3], &wheels[4]}, cores);
  std::printf("floor: the sandbox's digest code alone over the same 4 wheels on %u threads: "
              "%.0f MiB/s\n", cores, floor);
  std::printf("goal: four parallel uploads >= 0.62 x the digest floor of this run: %s "
              "(%.2f: %.0f of %.0f MiB/s)\n",
              Met(four_new >= 0.62 * floor), four_new / floor, four_new, floor);
  std::printf("goal as the issue wrote it, four parallel uploads >= 400 MiB/s: %s (%.0f MiB/s)\n",
              Met(four_new >= 400), four_new);
  // "No slower" with 10% for run-to-run noise on a shared machine.
  std::printf("goal: identical re-upload no slower than new: %s (one: %.0f vs %.0f MiB/s; "
              "four: %.0f vs %.0f MiB/s)\n",
              Met(single_again >= 0.9 * single_new && four_again >= 0.9 * four_new), single_again,
              single_new, four_again, four_new);
  return 0;
}
