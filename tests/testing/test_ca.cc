#include "tests/testing/test_ca.h"

#include <cstdlib>
#include <iostream>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stablecut::testing {
namespace {

void Check(bool ok, char const* what) {
  if (ok) return;
  std::cerr << "TestCa: OpenSSL failed: " << what << "\n";
  std::abort();
}

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

Pkey NewKey() {
  Pkey key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "EVP_EC_gen");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, std::string const& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  Check(extension != nullptr, "X509V3_EXT_conf_nid");
  Check(X509_add_ext(cert, extension, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(extension);
}

Cert NewCertificate(EVP_PKEY* key, std::string const& common_name) {
  Cert cert(X509_new());
  Check(cert != nullptr, "X509_new");
  Check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  unsigned char serial_bytes[16];
  Check(RAND_bytes(serial_bytes, sizeof serial_bytes) == 1, "RAND_bytes");
  serial_bytes[0] &= 0x7f;
  BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  Check(BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get())) != nullptr, "serial");
  BN_free(serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  Check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  if (!common_name.empty()) {
    X509_NAME* subject = X509_get_subject_name(cert.get());
    Check(X509_NAME_add_entry_by_txt(
              subject, "CN", MBSTRING_UTF8,
              reinterpret_cast<unsigned char const*>(common_name.c_str()), -1, -1, 0) == 1,
          "subject CN");
  }
  return cert;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_X509(bio, cert) == 1, "PEM_write_bio_X509");
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pem;
}

std::string KeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pem;
}

}  // namespace

struct TestCa::State {
  Pkey key;
  Cert cert;
  std::string pem;
};

TestCa::TestCa(std::string const& name) : state_(std::make_unique<State>()) {
  state_->key = NewKey();
  state_->cert = NewCertificate(state_->key.get(), absl::StrCat(name, " test CA"));
  X509* cert = state_->cert.get();
  Check(X509_set_issuer_name(cert, X509_get_subject_name(cert)) == 1, "issuer");
  AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert, cert, NID_subject_key_identifier, "hash");
  Check(X509_sign(cert, state_->key.get(), EVP_sha256()) > 0, "X509_sign CA");
  state_->pem = CertPem(cert);
}

TestCa::~TestCa() = default;
TestCa::TestCa(TestCa&&) noexcept = default;

std::string const& TestCa::ca_pem() const { return state_->pem; }

KeyPair TestCa::Issue(CertificateRequest const& request) const {
  Pkey key = NewKey();
  Cert cert = NewCertificate(key.get(), request.common_name);
  X509* issuer = state_->cert.get();
  Check(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) == 1, "issuer");
  AddExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  AddExtension(cert.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  AddExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  std::vector<std::string> sans;
  for (auto const& uri : request.uri_sans) sans.push_back(absl::StrCat("URI:", uri));
  for (auto const& dns : request.dns_sans) sans.push_back(absl::StrCat("DNS:", dns));
  for (auto const& ip : request.ip_sans) sans.push_back(absl::StrCat("IP:", ip));
  if (!sans.empty()) {
    AddExtension(cert.get(), issuer, NID_subject_alt_name, absl::StrJoin(sans, ","));
  }
  Check(X509_sign(cert.get(), state_->key.get(), EVP_sha256()) > 0, "X509_sign");
  return KeyPair{CertPem(cert.get()), KeyPem(key.get())};
}

KeyPair TestCa::IssueServer() const {
  return Issue({"localhost", {}, {"localhost"}, {"127.0.0.1", "::1"}});
}

KeyPair TestCa::IssueClient(std::string const& uri) const {
  return Issue({"client", {uri}, {}, {}});
}

}  // namespace stablecut::testing
