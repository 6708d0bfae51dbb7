#!/usr/bin/env bash
# Fleet scale benchmark (issue 5; numbers in bench/results/fleet/):
#   1. 20,000 nodes x 96 slots x 16 classes: generate + build, wall time and
#      peak memory (/usr/bin/time -v);
#   2. build time at four fleet sizes (96 slots, 16 classes), against nonzeros;
#   3. 2,000 x 24 x 8 planned to 1e-4 on the CPU, and Clp on the exported LP.
#
# Usage: bench/fleet_scale.sh [FLEETLP_BINARY] [RESULTS_DIR]
#   defaults: build/fleetlp, bench/results/fleet. Env: THREADS (default 2),
#   SEED (1), SKIP_PLAN=1 to skip part 3, WORK (scratch folder).
set -euo pipefail

BIN=${1:-build/fleetlp}
OUT=${2:-bench/results/fleet}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
WORK=${WORK:-$(mktemp -d /tmp/fleet_scale.XXXXXX)}
mkdir -p "$OUT" "$WORK"
[ -x "$BIN" ] || { echo "no fleetlp binary at $BIN (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

REPORT="$OUT/scale.md"
LOG="$OUT/scale.log"
: >"$LOG"

# runs "$@" under /usr/bin/time -v; leaves its output in $WORK/last.out and
# sets WALL (s) and RSS_MB
timed() {
  /usr/bin/time -v "$@" >"$WORK/last.out" 2>"$WORK/last.time" || {
    cat "$WORK/last.out" "$WORK/last.time" >&2
    return 1
  }
  cat "$WORK/last.out" >>"$LOG"
  local wall
  wall=$(grep "Elapsed (wall clock)" "$WORK/last.time" | awk '{print $NF}')
  WALL=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  RSS_MB=$(grep "Maximum resident set size" "$WORK/last.time" | awk '{printf "%.0f", $NF / 1024}')
}

{
  echo "# Fleet scale benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); fleetlp: \`$BIN\`, threads $THREADS, seed $SEED."
  echo "Generated with \`bench/fleet_scale.sh\`; raw output in \`scale.log\`. On a shared machine"
  echo "the times move with its load (the load average above); each figure is one run."
  echo
} >"$REPORT"

# ---- 1 + 2: generate and build ------------------------------------------------
echo "## Generate + build (96 slots, 16 workload classes, default knobs)" >>"$REPORT"
echo >>"$REPORT"
echo "| nodes | LP rows | LP columns | nonzeros | generate + write (s) | read + build (s) | build only (s) | build ns / nonzero | peak memory (MiB) |" >>"$REPORT"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >>"$REPORT"
for NODES in 2500 5000 10000 20000; do
  F="$WORK/fleet_$NODES.h5"
  echo "== generate $NODES x 96 x 16" | tee -a "$LOG"
  timed "$BIN" fleet generate -o "$F" --nodes "$NODES" --slots 96 --classes 16 --seed "$SEED"
  GEN_WALL=$WALL
  GEN_RSS=$RSS_MB
  echo "== build $NODES x 96 x 16" | tee -a "$LOG"
  OMP_NUM_THREADS=$THREADS timed "$BIN" fleet build "$F"
  BUILD_WALL=$WALL
  BUILD_RSS=$RSS_MB
  LPLINE=$(grep '^LP ' "$WORK/last.out")
  ROWS=$(echo "$LPLINE" | awk '{print $2}')
  COLS=$(echo "$LPLINE" | awk '{print $4}')
  NNZ=$(echo "$LPLINE" | awk '{print $6}')
  BUILD_ONLY=$(grep '^time ' "$WORK/last.out" | sed 's/.*build \([0-9.]*\) s.*/\1/')
  PEAK=$((GEN_RSS > BUILD_RSS ? GEN_RSS : BUILD_RSS))
  NS=$(awk -v b="$BUILD_ONLY" -v n="$NNZ" 'BEGIN { printf "%.1f", b * 1e9 / n }')
  echo "| $NODES | $ROWS | $COLS | $NNZ | $GEN_WALL | $BUILD_WALL | $BUILD_ONLY | $NS | $PEAK |" >>"$REPORT"
  [ "$NODES" = 20000 ] && TOTAL20=$(awk -v a="$GEN_WALL" -v b="$BUILD_WALL" 'BEGIN { printf "%.2f", a + b }') && PEAK20=$PEAK
  rm -f "$F"
done
{
  echo
  echo "20,000 x 96 x 16: generate + build in ${TOTAL20} s wall, peak resident memory ${PEAK20} MiB"
  echo "(targets: <= 60 s, <= 8 GiB). \"build only\" is the builder's own clock (fleet in memory ->"
  echo "CSR); the separate processes' wall times include start-up, HDF5 I/O and validation."
  echo
} >>"$REPORT"

# ---- 3: plan 2,000 x 24 x 8 on the CPU and Clp on the same LP ----------------------
if [ "${SKIP_PLAN:-0}" != 1 ]; then
  F="$WORK/fleet_2000.h5"
  "$BIN" fleet generate -o "$F" --nodes 2000 --slots 24 --classes 8 --seed "$SEED" >>"$LOG"
  echo "== plan 2000 x 24 x 8" | tee -a "$LOG"
  timed "$BIN" plan "$F" -o "$WORK/plan_2000.h5" --export-lp "$WORK/lp_2000.mps" --tol 1e-4 \
    --threads "$THREADS" --device cpu --log-every 1000 --json "$WORK/plan_2000.json"
  PLAN_WALL=$WALL
  PLAN_RSS=$RSS_MB
  OURS=$(grep '"objective"' "$WORK/plan_2000.json" | head -1 | sed 's/.*: *\([-0-9.eE+]*\).*/\1/')
  ITERS=$(grep '"iterations"' "$WORK/plan_2000.json" | head -1 | sed 's/.*: *\([0-9]*\).*/\1/')
  SOLVE=$(grep '"solve_seconds"' "$WORK/plan_2000.json" | head -1 | sed 's/.*: *\([-0-9.eE+]*\).*/\1/')
  STATUS=$(grep '"status"' "$WORK/plan_2000.json" | head -1 | sed 's/.*: *"\([A-Z_]*\)".*/\1/')
  LPLINE=$(grep '^fleet ' "$WORK/last.out" | head -1 | sed 's/^fleet *[^:]*: //')
  if command -v clp >/dev/null; then
    echo "== clp on the exported LP" | tee -a "$LOG"
    timed clp "$WORK/lp_2000.mps" -solve
    CLP_WALL=$WALL
    CLP=$(grep 'Optimal objective' "$WORK/last.out" | awk '{print $3}')
    CLP_TIME=$(grep 'Optimal objective' "$WORK/last.out" | sed 's/.*time \([0-9.]*\).*/\1/')
  else
    CLP_WALL=n/a CLP=n/a CLP_TIME=n/a
  fi
  OURS=$(awk -v v="$OURS" 'BEGIN { printf "%.6f", v }')
  SOLVE=$(awk -v v="$SOLVE" 'BEGIN { printf "%.2f", v }')
  REL=$(awk -v a="$OURS" -v b="$CLP" 'BEGIN { if (b == "n/a") print "n/a"; else { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; printf "%.2e", d / (1 + m) } }')
  {
    echo "## Plan 2,000 nodes x 24 slots x 8 classes on the CPU ($THREADS threads, tol 1e-4)"
    echo
    echo "$LPLINE"
    echo
    echo "| solver | status | objective | solve (s) | wall, whole command (s) |"
    echo "|---|---|---:|---:|---:|"
    echo "| fleetlp plan (PDHG, CPU) | $STATUS, $ITERS iterations | $OURS | $SOLVE | $PLAN_WALL |"
    echo "| Clp (\`clp lp.mps -solve\`, 1 thread) | optimal | $CLP | $CLP_TIME | $CLP_WALL |"
    echo
    echo "Relative difference |fleetlp - Clp| / (1 + |Clp|): $REL. fleetlp's wall time includes"
    echo "reading the fleet, building and exporting the LP as MPS, and writing the plan"
    echo "(peak memory ${PLAN_RSS} MiB); Clp's includes reading the MPS file."
    echo
  } >>"$REPORT"
fi
echo "results in $REPORT (scratch: $WORK)"
