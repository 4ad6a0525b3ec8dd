#!/usr/bin/env bash
# Generates the Python stubs of Stablecut's API (protos/stablecut/v1) into OUT_DIR with
# Debian's protoc and grpc_python_plugin (protobuf-compiler, protobuf-compiler-grpc): the
# versions that match Debian's python3-protobuf 3.21 and python3-grpcio 1.51 (Debian's
# python3-grpc-tools bundles a far older protoc). The stubs are build output: never commit
# them. Usage: examples/python/generate_stubs.sh OUT_DIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
protoc=${PROTOC:-/usr/bin/protoc}
plugin=${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}
for tool in "$protoc" "$plugin"; do
  [ -x "$tool" ] || { echo "$0: $tool is missing (run scripts/install-deps.sh)" >&2; exit 1; }
done

mkdir -p "$out"
# The services' protos; config.proto is the servers' own and no client's business.
"$protoc" -I "$repo_root/protos" \
  --python_out="$out" --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" \
  "$repo_root/protos/stablecut/v1/candidate.proto" \
  "$repo_root/protos/stablecut/v1/verifier.proto" \
  "$repo_root/protos/stablecut/v1/publisher.proto"
