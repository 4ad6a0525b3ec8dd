#!/usr/bin/env bash
# Makes the dev overlay's secrets/ (git-ignored): a CA, one certificate per workload with URI
# SAN spiffe://stablecut/<workload> (and the services' DNS names), an operator certificate to
# call the services with, and the sandbox's three tokens. Keeps what is already there.
# Usage: make-secrets.sh [DIR]   (default: secrets/ beside this script)
set -euo pipefail
dir=${1:-"$(cd "$(dirname "$0")" && pwd)/secrets"}
mkdir -p "$dir"
cd "$dir"
umask 077

if [ ! -f ca.crt ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
    -subj "/CN=stablecut dev CA" -keyout ca.key -out ca.crt \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
fi

issue() {  # issue NAME [DNS...]
  local name=$1
  shift
  [ -f "$name.crt" ] && return 0
  local san="URI:spiffe://stablecut/$name"
  for dns in "$@"; do san="$san,DNS:$dns"; done
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' \
    "$san" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 90 \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

for service in candidate verifier publisher; do
  issue "$service" "$service" "$service.stablecut" "$service.stablecut.svc" \
    "$service.stablecut.svc.cluster.local"
done
issue cut-cron
issue operator

token() {  # token FILE PREFIX BYTES
  [ -f "$1" ] || printf '%s%s\n' "$2" "$(openssl rand -hex "$3")" >"$1"
}
token github-write.token ghp_ 18
token github-read.token ghp_ 18
token pypi-upload.token pypi- 32
echo "make-secrets: $dir"
