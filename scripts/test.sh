#!/usr/bin/env bash
# Installs what is missing, builds everything (-j2, ccache) and runs the whole test suite.
# Exits non-zero on any failure. Usage: scripts/test.sh [--sanitize]
#   --sanitize: builds with clang and -fsanitize=address,undefined in build-sanitize/ and runs
#   the suite under AddressSanitizer, LeakSanitizer and UBSan; any report fails the run.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${STABLECUT_BUILD_DIR:-"$repo_root/build"}
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
reports_dir=""

if [ "${1:-}" = "--sanitize" ]; then
  build_dir=${STABLECUT_BUILD_DIR:-"$repo_root/build-sanitize"}
  # -O0 with line tables only: reports keep file:line, and the cold build is far shorter than
  # at -O1 (cold here: 424 s against 565 s; it runs in CI). The sandbox alone keeps -O1: the tests
  # time requests against it (see STABLECUT_SANDBOX_OPTIONS). Debug keeps assert()s on.
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DSTABLECUT_SANITIZE=ON -DSTABLECUT_BENCH=OFF
              -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
              "-DCMAKE_C_FLAGS_DEBUG=-O0 -gline-tables-only"
              "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -gline-tables-only"
              -DSTABLECUT_SANDBOX_OPTIONS=-O1)
  # Every process the tests start inherits these. Our servers (sandbox, candidate, ...) run as
  # children whose output the tests discard, so every report goes to a file in reports_dir
  # (report.<binary>.<pid>) and any such file fails the run. External tools (buf, twine, pip,
  # curl, openssl) are not instrumented and ignore these variables.
  reports_dir="$build_dir/sanitizer-reports"
  export ASAN_OPTIONS="detect_leaks=1:log_path=$reports_dir/report:log_exe_name=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports_dir/report:log_exe_name=1"
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
elif [ $# -gt 0 ]; then
  echo "usage: scripts/test.sh [--sanitize]" >&2
  exit 2
fi

"$repo_root/scripts/install-deps.sh"

# Four tests at once on two cores: most of a test's time is spent waiting on the processes it
# starts (the sandbox, the services, buf, twine), so -j4 takes the suite from ~110 s to ~70 s
# here (the sanitizer suite, more CPU-bound, 141-183 s to 129-150 s). The build stays at -j2.
test_jobs=${STABLECUT_TEST_JOBS:-4}

cmake -S "$repo_root" -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j2
cd "$build_dir"
if [ -z "$reports_dir" ]; then
  ctest -j"$test_jobs" --output-on-failure --timeout 300
  exit
fi

rm -rf "$reports_dir" && mkdir -p "$reports_dir"
ctest_status=0
ctest -j"$test_jobs" --output-on-failure --timeout 300 || ctest_status=$?
if [ -n "$(ls -A "$reports_dir")" ]; then
  for report in "$reports_dir"/*; do
    echo "== sanitizer report: $report" >&2
    cat "$report" >&2
  done
  exit 1
fi
exit "$ctest_status"
