#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs each one for
# SECONDS (default 600), JOBS at a time (default 1; each fuzzer uses one core), printing per
# target: executions, coverage and crashes. Exits non-zero if any target crashed; crash
# inputs stay in the folder it names.
# Usage: scripts/fuzz.sh [-j JOBS] [SECONDS [TARGET...]]  (TARGET: e.g. github; default: all)
#
# Each target starts from a copy of its seed corpus (fuzz/corpus/<name>/) in
# build-fuzz/fuzz-run/<name>/corpus/, which keeps what earlier runs found, so the
# repository's corpus is never bloated; it also replays fuzz/regressions/<name>/. A crash
# found is fixed in the parser and its input copied to fuzz/regressions/<name>/, which
# the ordinary test suite replays (fuzz_replay_<name>).
set -euo pipefail

usage="usage: scripts/fuzz.sh [-j JOBS] [SECONDS [TARGET...]]  (each target runs SECONDS; default 600)"
jobs=1
if [ "${1:-}" = "-j" ]; then
  jobs=${2:-}
  shift 2 || { echo "$usage" >&2; exit 2; }
fi
seconds=${1:-600}
if ! [[ "$seconds" =~ ^[0-9]+$ && "$jobs" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ] || [ "$jobs" -eq 0 ]; then
  echo "$usage" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))

repo_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${STABLECUT_FUZZ_BUILD_DIR:-"$repo_root/build-fuzz"}
run_dir="$build_dir/fuzz-run"
# Builds on this 2-core machine take turns through one lock (CI and other builds use it too).
build_lock=${STABLECUT_BUILD_LOCK:-/tmp/stablecut-build.lock}

for tool in clang clang++ cmake ninja flock; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for source in "$repo_root"/fuzz/*_fuzzer.cc; do
    names+=("$(basename "$source" _fuzzer.cc)")
  done
fi
for name in "${names[@]}"; do
  [ -f "$repo_root/fuzz/${name}_fuzzer.cc" ] || { echo "fuzz.sh: no target $name" >&2; exit 2; }
done

echo "fuzz.sh: building ${#names[@]} fuzz targets in $build_dir" >&2
mkdir -p "$build_dir"
flock "$build_lock" cmake -S "$repo_root" -B "$build_dir" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTABLECUT_FUZZ=ON >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 1; }
flock "$build_lock" ninja -C "$build_dir" -j2 "${names[@]/%/_fuzzer}" >&2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-14}

# Runs one target and prints its line; a crash leaves a marker file that the summary reads
# (the runs may be background jobs, which cannot set this shell's variables).
fuzz_one() {
  local name=$1
  local work="$run_dir/$name"
  rm -rf "$work/crashes" "$work/failed"  # only this run's crashes
  mkdir -p "$work/corpus" "$work/crashes"
  cp -n "$repo_root/fuzz/corpus/$name/"* "$work/corpus/" 2>/dev/null || true
  local regressions="$repo_root/fuzz/regressions/$name"
  local log="$work/fuzz.log"
  echo "fuzz.sh: $name for ${seconds}s (log: $log)" >&2
  local status=0
  # -timeout: one input running longer than this is a crash (a hang); -rss_limit_mb: so is
  # using more memory. New inputs go to the first folder only.
  "$build_dir/fuzz/${name}_fuzzer" "$work/corpus" "$regressions" \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes/" >"$log" 2>&1 || status=$?

  local execs speed cov ft corpus crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$work/corpus" -type f | wc -l)
  crashes=$(find "$work/crashes" -type f | wc -l)
  printf '%-16s %10s execs (%s/s)  cov %-6s ft %-7s corpus %-6s crashes %s\n' \
    "$name" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$crashes"
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    touch "$work/failed"
    echo "  $name crashed (exit $status): inputs in $work/crashes/, report in $log" >&2
  fi
}

running=0
for name in "${names[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
wait

failed=()
for name in "${names[@]}"; do
  [ ! -e "$run_dir/$name/failed" ] || failed+=("$name")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#names[@]} targets, ${seconds}s each, no crashes" >&2
