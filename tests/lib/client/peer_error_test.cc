#include "lib/client/peer_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace stablecut::client {
namespace {

using ::stablecut::testing::IsOk;
using ::stablecut::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

PeerDescription const kCandidate{"the candidate service", "127.0.0.1:50051",
                                 "spiffe://stablecut/verifier", "/etc/stablecut/verifier.pem",
                                 "/etc/stablecut/ca.pem", "", ""};

TEST(PeerError, OkIsOk) {
  EXPECT_THAT(PeerError(grpc::Status::OK, kCandidate, "GetCandidate"), IsOk());
}

TEST(PeerError, PermissionDeniedNamesUsTheMethodAndTheAcl) {
  grpc::Status refused(grpc::StatusCode::PERMISSION_DENIED,
                       "caller \"spiffe://stablecut/verifier\" may not call "
                       "/stablecut.v1.CandidateService/GetCandidate");
  EXPECT_THAT(PeerError(refused, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("the candidate service refused "
                                       "spiffe://stablecut/verifier: PERMISSION_DENIED on "
                                       "GetCandidate"),
                             HasSubstr("add it to that service's ACL"),
                             HasSubstr("may not call"))));
}

TEST(PeerError, UnauthenticatedNamesOurCertificateAndTheCa) {
  grpc::Status refused(grpc::StatusCode::UNAUTHENTICATED, "no client certificate");
  EXPECT_THAT(PeerError(refused, kCandidate, "ListCandidates"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       AllOf(HasSubstr("the candidate service"),
                             HasSubstr("/etc/stablecut/verifier.pem"), HasSubstr("tls.cert_file"),
                             HasSubstr("CA"), HasSubstr("ListCandidates"),
                             HasSubstr("no client certificate"))));
}

TEST(PeerError, UnavailableNamesTheAddressAndAsksIfItRuns) {
  grpc::Status down(grpc::StatusCode::UNAVAILABLE,
                    "failed to connect to all addresses; last error: UNKNOWN: "
                    "ipv4:127.0.0.1:50051: Failed to connect to remote host: Connection refused");
  EXPECT_THAT(PeerError(down, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("the candidate service at 127.0.0.1:50051 is unavailable"),
                             HasSubstr("Connection refused"), HasSubstr("is it running?"))));
}

TEST(PeerError, AFailedHandshakeNamesTheFilesToCheck) {
  grpc::Status handshake(grpc::StatusCode::UNAVAILABLE,
                         "failed to connect to all addresses; last error: UNKNOWN: "
                         "ipv4:127.0.0.1:50051: Ssl handshake failed: SSL_ERROR_SSL: "
                         "error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED");
  EXPECT_THAT(PeerError(handshake, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("TLS handshake with the candidate service at "
                                       "127.0.0.1:50051 failed"),
                             HasSubstr("/etc/stablecut/ca.pem"), HasSubstr("authority"),
                             Not(HasSubstr("is it running?")))));
  grpc::Status name(grpc::StatusCode::UNAVAILABLE,
                    "failed to connect to all addresses; last error: UNKNOWN: "
                    "ipv4:127.0.0.1:50051: Peer name 127.0.0.1 is not in peer certificate");
  EXPECT_THAT(PeerError(name, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("TLS handshake"), HasSubstr("set authority"))));
  // With an authority set, the message names it as the name to look for.
  PeerDescription with_authority = kCandidate;
  with_authority.authority = "candidate.stablecut.svc";
  EXPECT_THAT(PeerError(name, with_authority, "GetCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("names candidate.stablecut.svc (authority)"),
                             Not(HasSubstr("set authority")))));
}

TEST(PeerError, AClosedConnectionNamesOurCertificate) {
  // What a client sees when the peer refused its certificate in a TLS 1.3 handshake.
  grpc::Status closed(grpc::StatusCode::UNAVAILABLE,
                      "failed to connect to all addresses; last error: UNAVAILABLE: "
                      "ipv4:127.0.0.1:50051: Socket closed");
  EXPECT_THAT(PeerError(closed, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("the candidate service at 127.0.0.1:50051 closed the "
                                       "connection on GetCandidate"),
                             HasSubstr("/etc/stablecut/verifier.pem (tls.cert_file)"),
                             HasSubstr("server.tls.ca_file"))));
}

TEST(PeerError, ThePeersOwnUnavailableIsNotANetworkProblem) {
  grpc::Status busy(grpc::StatusCode::UNAVAILABLE, "GitHub unavailable after 5 attempts");
  EXPECT_THAT(PeerError(busy, kCandidate, "CreateCandidate"),
              StatusIs(absl::StatusCode::kUnavailable,
                       "the candidate service at 127.0.0.1:50051 is unavailable for "
                       "CreateCandidate: GitHub unavailable after 5 attempts"));
}

TEST(PeerError, DeadlineExceededNamesThePeerAndMethod) {
  grpc::Status late(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded");
  EXPECT_THAT(PeerError(late, kCandidate, "ListCandidates"),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       AllOf(HasSubstr("the candidate service at 127.0.0.1:50051"),
                             HasSubstr("did not answer ListCandidates in time"),
                             HasSubstr("Deadline Exceeded"))));
}

TEST(PeerError, OtherCodesKeepTheirCodeAndThePeersMessage) {
  grpc::Status missing(grpc::StatusCode::NOT_FOUND, "no candidate candidate-20000101.1");
  EXPECT_THAT(PeerError(missing, kCandidate, "GetCandidate"),
              StatusIs(absl::StatusCode::kNotFound,
                       "the candidate service, GetCandidate: no candidate candidate-20000101.1"));
  grpc::Status precondition(grpc::StatusCode::FAILED_PRECONDITION, "a draft");
  EXPECT_THAT(PeerError(precondition, kCandidate, "PromoteCandidate"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the candidate service, PromoteCandidate: a draft")));
}

}  // namespace
}  // namespace stablecut::client
