#!/usr/bin/env bash
# Installs what is missing, builds everything (-j2, ccache) and runs the whole test suite.
# Exits non-zero on any failure. Usage: scripts/test.sh
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${STABLECUT_BUILD_DIR:-"$repo_root/build"}

"$repo_root/scripts/install-deps.sh"

cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j2
cd "$build_dir"
ctest -j2 --output-on-failure --timeout 300
