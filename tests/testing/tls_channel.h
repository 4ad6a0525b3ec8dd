#pragma once
// gRPC channels to a test server on 127.0.0.1: mutual TLS with a test identity, or plaintext.

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "tests/testing/test_ca.h"

namespace stablecut::testing {

// TLS trusting `ca_pem`; presents `client` when not null.
std::shared_ptr<grpc::Channel> TlsChannel(int port, std::string const& ca_pem,
                                          KeyPair const* client);
std::shared_ptr<grpc::Channel> PlaintextChannel(int port);

}  // namespace stablecut::testing
