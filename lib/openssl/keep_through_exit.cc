#include "lib/openssl/keep_through_exit.h"

#include <openssl/crypto.h>

namespace stablecut::openssl {

bool KeepThroughExit() { return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1; }

}  // namespace stablecut::openssl
