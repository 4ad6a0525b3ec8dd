#ifndef STABLECUT_LIB_OPENSSL_KEEP_THROUGH_EXIT_H_
#define STABLECUT_LIB_OPENSSL_KEEP_THROUGH_EXIT_H_

namespace stablecut::openssl {

// Tells OpenSSL not to tear itself down in an atexit handler. Call it first in main(),
// before gRPC or libcurl initialize OpenSSL: only the first initialization decides.
// Returns false if OpenSSL could not be initialized at all.
//
// Why: some of gRPC 1.51's threads end detached (its event engine's pool, the clean-up
// thread grpc_shutdown may start), so a thread that did a TLS handshake can still be ending
// after main() returned. When OpenSSL's atexit clean-up has already run by then, the
// thread's own OpenSSL state is never freed (LeakSanitizer saw its 904-byte error queue in
// CI) and a thread still calling into OpenSSL would use torn-down global state. Without that
// handler, each thread frees its state as it ends, and the process-wide state is released
// with the process.
bool KeepThroughExit();

}  // namespace stablecut::openssl

#endif  // STABLECUT_LIB_OPENSSL_KEEP_THROUGH_EXIT_H_
