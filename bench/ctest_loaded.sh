#!/usr/bin/env bash
# The test suite under a parallel CPU load (issue: no flaky tests): PAIRS
# times, two `ctest -j2` runs of the same build at once, each the other's
# load. Prints one line per run and a total; the logs go to OUTDIR.
#
#   bench/ctest_loaded.sh BUILD_DIR OUTDIR [PAIRS=10]
set -u
build=${1:?usage: ctest_loaded.sh BUILD_DIR OUTDIR [PAIRS]}
out=${2:?usage: ctest_loaded.sh BUILD_DIR OUTDIR [PAIRS]}
pairs=${3:-10}
mkdir -p "$out"
runs=0 failed=0
summary() { grep -E "tests passed|tests failed" "$1" | tail -1; }
for p in $(seq 1 "$pairs"); do
  start=$(date -u +%H:%M:%S) load=$(cut -d' ' -f1 /proc/loadavg)
  for r in a b; do
    ( t0=$(date +%s); ctest --test-dir "$build" -j2 --output-on-failure >"$out/pair${p}_$r.log" 2>&1
      echo "rc=$? seconds=$(( $(date +%s) - t0 ))" >>"$out/pair${p}_$r.log" ) &
  done
  wait
  for r in a b; do
    log="$out/pair${p}_$r.log"
    runs=$((runs + 1))
    rc=$(grep -o 'rc=[0-9]*' "$log" | tail -1); secs=$(grep -o 'seconds=[0-9]*' "$log" | tail -1)
    [ "$rc" = "rc=0" ] || failed=$((failed + 1))
    echo "pair $p run $r start $start load $load: $(summary "$log") ($rc, $secs)"
    grep -E "^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess aborted|Exception)\)" "$log" || true
  done
done
echo "runs: $runs, runs with a failure: $failed"
