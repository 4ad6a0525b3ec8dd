#!/usr/bin/python3
"""Calls Stablecut from Python over mTLS: the verifier's verdict on one candidate, and the
candidate service's list of candidates.

Runs with Debian's /usr/bin/python3, whose python3-grpcio (1.51) and python3-protobuf (3.21)
match the stubs generate_stubs.sh makes with Debian's protoc. See README.md.
"""

import argparse
import os
import sys


def default_stubs_dir():
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(repo_root, "build", "examples", "python", "stubs")


def parse_args(argv):
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Asks Stablecut's verifier for a candidate's verdict and lists the "
        "candidates, as the holder of a client certificate. Every flag defaults to the "
        "environment variable named in its help.")
    parser.add_argument("--tag", required=True, help="candidate to verify, e.g. candidate-20261126.1")
    parser.add_argument("--candidate", default=env("STABLECUT_CANDIDATE", "127.0.0.1:15051"),
                        help="candidate service HOST:PORT (STABLECUT_CANDIDATE; default %(default)s)")
    parser.add_argument("--verifier", default=env("STABLECUT_VERIFIER", "127.0.0.1:15052"),
                        help="verifier HOST:PORT (STABLECUT_VERIFIER; default %(default)s)")
    parser.add_argument("--ca", default=env("STABLECUT_CA"),
                        help="PEM file of the CA the servers' certificates chain to (STABLECUT_CA)")
    parser.add_argument("--cert", default=env("STABLECUT_CERT"),
                        help="PEM file of this client's certificate (STABLECUT_CERT)")
    parser.add_argument("--key", default=env("STABLECUT_KEY"),
                        help="PEM file of this client's private key (STABLECUT_KEY)")
    parser.add_argument("--stubs", default=env("STABLECUT_PYTHON_STUBS", default_stubs_dir()),
                        help="directory generate_stubs.sh wrote (STABLECUT_PYTHON_STUBS; "
                        "default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="deadline of each call in seconds (default %(default)s)")
    args = parser.parse_args(argv)
    for name in ("ca", "cert", "key"):
        if not getattr(args, name):
            parser.error(f"--{name} (or STABLECUT_{name.upper()}) is required")
    return args


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    args = parse_args(argv)
    if not os.path.isdir(os.path.join(args.stubs, "stablecut", "v1")):
        print(f"error: no stubs in {args.stubs}: run examples/python/generate_stubs.sh {args.stubs}",
              file=sys.stderr)
        return 2
    sys.path.insert(0, args.stubs)
    # Imported only now: the stubs live where the flag says.
    import grpc
    from stablecut.v1 import candidate_pb2, candidate_pb2_grpc, verifier_pb2, verifier_pb2_grpc

    # The servers ask every caller for a certificate chained to their CA; the ACLs then
    # decide by the certificate's identity (its URI SAN, else its CN).
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca), private_key=read(args.key),
        certificate_chain=read(args.cert))
    call = "VerifierService.Verify"
    try:
        with grpc.secure_channel(args.verifier, credentials) as channel:
            verifier = verifier_pb2_grpc.VerifierServiceStub(channel)
            verdict = verifier.Verify(verifier_pb2.VerifyRequest(tag=args.tag),
                                      timeout=args.timeout)
        print(f"verdict on {verdict.candidate.tag}: "
              f"{'approved' if verdict.approved else 'not approved'}")
        for check in verdict.checks:
            outcome = verifier_pb2.Check.Outcome.Name(check.outcome)
            print(f"  {check.name}: {outcome}: {check.detail}")

        call = "CandidateService.ListCandidates"
        with grpc.secure_channel(args.candidate, credentials) as channel:
            candidates = candidate_pb2_grpc.CandidateServiceStub(channel)
            print("candidates (newest first):")
            page_token = ""
            while True:
                page = candidates.ListCandidates(
                    candidate_pb2.ListCandidatesRequest(page_token=page_token),
                    timeout=args.timeout)
                for candidate in page.candidates:
                    state = candidate_pb2.Candidate.State.Name(candidate.state)
                    print(f"  {candidate.tag} {state} {candidate.commit_sha}")
                page_token = page.next_page_token
                if not page_token:
                    break
    except grpc.RpcError as error:
        print(f"error: {call}: {error.code().name}: {error.details()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
