#!/usr/bin/env bash
# Installs what is missing, builds everything (-j2, ccache) and runs the whole test suite.
# Exits non-zero on any failure. Usage: scripts/test.sh [--sanitize]
#   --sanitize: build with clang and -fsanitize=address,undefined in build-sanitize/ and run
#   the suite under AddressSanitizer, LeakSanitizer and UBSan; any report fails the run.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${STABLECUT_BUILD_DIR:-"$repo_root/build"}
cmake_args=(-DCMAKE_BUILD_TYPE=Release)

if [ "${1:-}" = "--sanitize" ]; then
  build_dir=${STABLECUT_BUILD_DIR:-"$repo_root/build-sanitize"}
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTABLECUT_SANITIZE=ON
              -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
  # Inherited by every process the tests start: ours are instrumented, external tools
  # (buf, twine, pip, curl, openssl) are not and ignore these.
  export ASAN_OPTIONS=detect_leaks=1
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ $# -gt 0 ]; then
  echo "usage: scripts/test.sh [--sanitize]" >&2
  exit 2
fi

"$repo_root/scripts/install-deps.sh"

cmake -S "$repo_root" -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j2
cd "$build_dir"
ctest -j2 --output-on-failure --timeout 300
