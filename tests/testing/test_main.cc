// The main() of every GoogleTest binary of ours: gmock_main's, after keeping OpenSSL usable
// through exit, as our own binaries do (tests start in-process gRPC servers and channels,
// whose detached threads may still be ending after main() returned; see keep_through_exit.h).

#include <cstdio>

#include "gmock/gmock.h"
#include "lib/openssl/keep_through_exit.h"

int main(int argc, char** argv) {
  if (!stablecut::openssl::KeepThroughExit()) {
    std::fputs("OpenSSL failed to initialize\n", stderr);
    return 1;
  }
  testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
