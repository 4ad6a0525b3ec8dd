#include "tests/testing/tls_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"

namespace stablecut::testing {

std::shared_ptr<grpc::Channel> TlsChannel(int port, std::string const& ca_pem,
                                          KeyPair const* client) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ca_pem;
  if (client != nullptr) {
    options.pem_cert_chain = client->cert_pem;
    options.pem_private_key = client->key_pem;
  }
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(options));
}

std::shared_ptr<grpc::Channel> PlaintextChannel(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

}  // namespace stablecut::testing
