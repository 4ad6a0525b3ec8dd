// Owning pointers to the OpenSSL objects lib/auth reads certificates and keys with.
#ifndef STABLECUT_LIB_AUTH_OPENSSL_PTR_H_
#define STABLECUT_LIB_AUTH_OPENSSL_PTR_H_

#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace stablecut::auth::internal {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using GeneralNames = std::unique_ptr<GENERAL_NAMES, GeneralNamesFree>;

}  // namespace stablecut::auth::internal

#endif  // STABLECUT_LIB_AUTH_OPENSSL_PTR_H_
