#include "lib/auth/tls_files.h"

#include <memory>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/auth/openssl_ptr.h"

namespace stablecut::auth {
namespace {

using internal::Bio;
using internal::Cert;
using internal::Key;

Bio MemoryBio(std::string const& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

Cert FirstCertificate(std::string const& pem) {
  Bio bio = MemoryBio(pem);
  return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Key PrivateKey(std::string const& pem) {
  Bio bio = MemoryBio(pem);
  // No passphrase callback: an encrypted key cannot be used by a service, and must not
  // make OpenSSL prompt on a terminal.
  auto no_passphrase = [](char*, int, int, void*) { return 0; };
  return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
}

}  // namespace

absl::Status CheckCertificatesPem(std::string const& pem) {
  if (absl::StrContains(pem, "PRIVATE KEY-----")) {
    return absl::InvalidArgumentError(
        "holds a private key, not (only) certificates; name the certificate file here and "
        "the key in key_file");
  }
  Bio bio = MemoryBio(pem);
  int count = 0;
  while (Cert cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) ++count;
  ERR_clear_error();  // the loop ends on a "no start line", which is no error here
  if (count == 0) {
    return absl::InvalidArgumentError("holds no X.509 certificate in PEM");
  }
  int begins = 0;
  for (auto at = pem.find("-----BEGIN "); at != std::string::npos;
       at = pem.find("-----BEGIN ", at + 1)) {
    ++begins;
  }
  if (begins != count) {
    return absl::InvalidArgumentError(absl::StrCat(
        "holds ", begins, " PEM blocks but only ", count,
        " readable certificates; one is damaged or is not a certificate"));
  }
  return absl::OkStatus();
}

absl::Status CheckPrivateKeyPem(std::string const& pem) {
  Key key = PrivateKey(pem);
  ERR_clear_error();
  if (key == nullptr) {
    if (absl::StrContains(pem, "ENCRYPTED")) {
      return absl::InvalidArgumentError(
          "holds an encrypted private key; a service needs the key unencrypted (keep the "
          "file readable by its user alone)");
    }
    if (absl::StrContains(pem, "CERTIFICATE-----")) {
      return absl::InvalidArgumentError(
          "holds a certificate, not a private key; name the key file here and the "
          "certificate in cert_file");
    }
    return absl::InvalidArgumentError("holds no readable private key in PEM");
  }
  return absl::OkStatus();
}

absl::Status CheckKeyMatchesCertificate(std::string const& cert_pem, std::string const& key_pem) {
  Cert cert = FirstCertificate(cert_pem);
  Key key = PrivateKey(key_pem);
  ERR_clear_error();
  if (cert == nullptr || key == nullptr) {
    return absl::InvalidArgumentError("the certificate or the key cannot be read");
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "does not belong to the certificate in cert_file (the first certificate there must "
        "be this key's); pair the certificate with the key it was issued for");
  }
  return absl::OkStatus();
}

}  // namespace stablecut::auth
