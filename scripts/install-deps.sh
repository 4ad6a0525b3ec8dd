#!/usr/bin/env bash
# Installs every Debian and npm package that Stablecut's build, tests and tools need.
# Idempotent: safe to run twice, and fast (no apt-get update) when all is present.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)

# Why each package is here: README.md, "Dependencies".
debian_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev
  libssl-dev openssl
  libcurl4-openssl-dev nlohmann-json3-dev libzip-dev libcpp-httplib-dev libsodium-dev libarchive-dev
  twine python3-pip python3-venv zip unzip
  python3-grpcio python3-protobuf
  clang libfuzzer-14-dev libclang-rt-14-dev llvm-14
  procps
  python3-yaml iproute2 util-linux curl
)

missing=()
# Node.js and npm (for buf) may come from outside Debian, with npm bundled: Debian's npm
# package then conflicts with that nodejs, so ask for them only when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
  debian_packages+=(nodejs npm)
fi
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install Debian packages (run as root or with sudo)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# kubectl with built-in kustomize, for the deploy/kubernetes tests (tests/deploy/render.sh):
# Debian 12's kubernetes-client (1.20). Where another package owns /usr/bin/kubectl (Google
# Cloud SDK's "kubectl"), the two cannot both be installed: the Debian one is unpacked to
# /usr/local/lib/stablecut/kubectl instead, where render.sh looks first.
if ! dpkg-query -W -f='${Status}' kubernetes-client 2>/dev/null | grep -q "install ok installed" &&
   [ ! -x /usr/local/lib/stablecut/kubectl ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install kubernetes-client" >&2
    exit 1
  fi
  owner=$(dpkg-query -S /usr/bin/kubectl 2>/dev/null | cut -d: -f1 || true)
  # A new machine may have no package lists yet.
  apt-get update -q
  if [ -z "$owner" ]; then
    echo "install-deps: installing Debian packages: kubernetes-client"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends kubernetes-client
  else
    echo "install-deps: /usr/bin/kubectl belongs to $owner: unpacking kubernetes-client to /usr/local/lib/stablecut/kubectl"
    unpack=$(mktemp -d)
    (cd "$unpack" && apt-get download -q kubernetes-client && dpkg-deb -x kubernetes-client_*.deb root)
    install -D -m 0755 "$unpack/root/usr/bin/kubectl" /usr/local/lib/stablecut/kubectl
    rm -rf "$unpack"
  fi
fi

# npm packages (buf for proto lint and `buf curl`; kubernetes-models and yaml for the
# deploy/kubernetes tests), pinned by package-lock.json.
if [ ! -x "$repo_root/node_modules/.bin/buf" ] || [ "$repo_root/package-lock.json" -nt "$repo_root/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing npm packages"
  (cd "$repo_root" && npm ci --no-audit --no-fund --loglevel=error)
fi
