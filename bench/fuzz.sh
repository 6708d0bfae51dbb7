#!/usr/bin/env bash
# Fuzzing campaigns over fleetlp's readers (tests/fuzz/README.md).
#
#   bench/fuzz.sh [-n RUNS] [-b BUILD_DIR] [--merge] [TARGET...]
#
# Builds the libFuzzer targets (clang, ASan + UBSan) in BUILD_DIR (default
# build-fuzz), seeds each target's working corpus with tests/corpus/TARGET and
# fresh valid files (fuzz_make_seeds), runs RUNS executions (default
# 1,000,000) per target under `nice`, one target at a time, and prints per
# target: executions, seconds, exec/s, crashes (files under artifacts/), and
# the corpus size before and after. Runs in libFuzzer's fork mode, so that a
# crash is saved and the campaign goes on. With --merge the working corpus is
# minimised (-merge=1) into tests/corpus/TARGET, the corpus CI replays.
# Targets: mps h5_problem h5_solution h5_checkpoint h5_fleet h5_scenarios settings
# fleet_validate (default: all). Logs: BUILD_DIR/fuzz-work/TARGET/run.log.
set -euo pipefail

RUNS=1000000
BUILD=build-fuzz
MERGE=0
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    -b) BUILD="$2"; shift 2 ;;
    --merge) MERGE=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
ALL=(mps h5_problem h5_solution h5_checkpoint h5_fleet h5_scenarios settings fleet_validate)
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFLEETLP_FUZZ=ON -DFLEETLP_CUDA=OFF >/dev/null
fi
nice cmake --build "$BUILD" -j2 --target fuzz_make_seeds $(printf 'fuzz_%s ' "${TARGETS[@]}") >/dev/null

WORK="$BUILD/fuzz-work"
mkdir -p "$WORK"
SEEDS="$WORK/seeds"
rm -rf "$SEEDS"
"$BUILD/tests/fuzz_make_seeds" "$SEEDS"

# Per target: the longest input worth mutating (HDF5 programs of a plan are ~6 KB).
max_len() {
  case "$1" in
    mps) echo 8192 ;;
    settings) echo 512 ;;
    fleet_validate) echo 2048 ;;
    *) echo 16384 ;;
  esac
}

count() { find "$1" -type f 2>/dev/null | wc -l; }
bytes() { du -sb "$1" 2>/dev/null | cut -f1; }

printf '%-15s %12s %9s %9s %8s %14s %14s\n' target executions seconds exec/s crashes corpus-before corpus-after
for t in "${TARGETS[@]}"; do
  dir="$WORK/$t"
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/scratch"
  [ -d "tests/corpus/$t" ] && cp -n tests/corpus/"$t"/* "$dir/corpus/" 2>/dev/null || true
  [ -d "$SEEDS/$t" ] && cp -n "$SEEDS/$t"/* "$dir/corpus/" 2>/dev/null || true
  before="$(count "$dir/corpus") files/$(bytes "$dir/corpus") B"
  start=$(date +%s)
  # fork mode: a crash (ours, or one inside the HDF5 library on a file HDF5
  # itself wrote: tests/fuzz/README.md) is saved under artifacts/ and the
  # campaign goes on; the executions are counted over all the jobs
  set +e
  TMPDIR="$dir/scratch" ASAN_OPTIONS=quarantine_size_mb=16 OMP_NUM_THREADS=1 nice -n 10 \
    "$BUILD/tests/fuzz_$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -runs="$RUNS" -max_len="$(max_len "$t")" -timeout=20 -rss_limit_mb=3072 \
    -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/run.log" 2>&1
  status=$?
  set -e
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$dir/run.log" | tail -1)
  crashes=$(count "$dir/artifacts")
  if [ "$MERGE" = 1 ]; then
    rm -rf "$dir/merged"
    mkdir -p "$dir/merged"
    # the corpus CI replays: what covers every feature the campaign found;
    # crash inputs are added by hand once fixed (a crash inside HDF5 cannot be)
    TMPDIR="$dir/scratch" ASAN_OPTIONS=quarantine_size_mb=16 nice -n 10 "$BUILD/tests/fuzz_$t" \
      -merge=1 -max_len="$(max_len "$t")" "$dir/merged" "$dir/corpus" >"$dir/merge.log" 2>&1 || true
    mkdir -p "tests/corpus/$t"
    rm -f tests/corpus/"$t"/*
    cp "$dir/merged"/* "tests/corpus/$t/" 2>/dev/null || true
    after="$(count "tests/corpus/$t") files/$(bytes "tests/corpus/$t") B"
  else
    after="$(count "$dir/corpus") files/$(bytes "$dir/corpus") B"
  fi
  rate=$(( secs > 0 ? ${execs:-0} / secs : ${execs:-0} ))
  printf '%-15s %12s %9s %9s %8s %14s %14s\n' "$t" "${execs:-?}" "$secs" "$rate" "$crashes" \
    "$before" "$after"
  [ $status -ne 0 ] && echo "  $t: the fuzzer stopped with status $status: see $dir/run.log" >&2
done
