#pragma once
// Checks the PEM material of a TLS endpoint before gRPC is handed it. gRPC core reports a
// bad certificate or a key that does not match only as log lines and a server that fails to
// bind (read as "the port is in use"), so each problem is named here first, one per file.

#include <string>

#include "absl/status/status.h"

namespace stablecut::auth {

// INVALID_ARGUMENT unless `pem` holds one or more X.509 certificates and nothing else that
// claims to be PEM (a private key in a certificate file is the usual mix-up).
absl::Status CheckCertificatesPem(std::string const& pem);

// INVALID_ARGUMENT unless `pem` holds a private key (PKCS#8, RSA or EC).
absl::Status CheckPrivateKeyPem(std::string const& pem);

// INVALID_ARGUMENT unless the private key in `key_pem` belongs to the first certificate of
// `cert_pem` (the leaf). Both must already have passed the checks above.
absl::Status CheckKeyMatchesCertificate(std::string const& cert_pem, std::string const& key_pem);

}  // namespace stablecut::auth
