// stablecut_openssl_exit_probe keep|without: shows whether OpenSSL is still usable by a
// thread that ends after main() returned, the way gRPC's detached threads do.
//
// The probe registers its own atexit handler before OpenSSL is initialized, so the handler
// runs after OpenSSL's would (atexit handlers run in reverse order). "keep" calls
// KeepThroughExit() first, starts a thread that raises an OpenSSL error (allocating its
// 904-byte error queue) and waits; the late handler lets it end, joins it and exits 0 only if
// OpenSSL is still initialized. Under LeakSanitizer (scripts/test.sh --sanitize) the thread's
// queue must also have been freed: without KeepThroughExit() this is exactly the leak CI
// reported from the verifier. "without" skips the call and exits 0 only if OpenSSL was torn
// down by the late handler: the check can fail.

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <thread>
#include <unistd.h>

#include "lib/openssl/keep_through_exit.h"

namespace {

std::promise<void> release_thread;
std::promise<void> raised;
std::thread late_thread;

void CheckKept() {
  release_thread.set_value();
  late_thread.join();
  if (OPENSSL_init_crypto(0, nullptr) != 1) {
    std::fputs("exit_probe keep: OpenSSL was torn down before the last atexit handler\n", stderr);
    _exit(1);
  }
}

void CheckTornDown() {
  if (OPENSSL_init_crypto(0, nullptr) == 1) {
    std::fputs("exit_probe without: OpenSSL still initialized; the probe cannot tell\n", stderr);
    _exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: stablecut_openssl_exit_probe keep|without\n", stderr);
    return 2;
  }
  if (std::strcmp(argv[1], "keep") == 0) {
    std::atexit(CheckKept);
    if (!stablecut::openssl::KeepThroughExit()) return 1;
    // A second initialization, as gRPC and libcurl make, must not bring the handler back.
    if (OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr) != 1) return 1;
    std::future<void> released = release_thread.get_future();
    late_thread = std::thread([released = std::move(released)]() mutable {
      ERR_raise(ERR_LIB_SYS, ERR_R_INTERNAL_ERROR);  // allocates this thread's error queue
      raised.set_value();
      released.wait();
    });
    raised.get_future().wait();
    return 0;
  }
  if (std::strcmp(argv[1], "without") == 0) {
    std::atexit(CheckTornDown);
    if (OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr) != 1) return 1;
    return 0;
  }
  std::fputs("usage: stablecut_openssl_exit_probe keep|without\n", stderr);
  return 2;
}
