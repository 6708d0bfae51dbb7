#!/bin/bash
# Numbers for production runs (issue 7), on the CPU:
#   1. checkpoint size and write time on a generated fleet (SIGUSR1 mid-solve);
#   2. iterations to 1e-4, cold against --warm-start from the previous plan,
#      after a 5% demand change and after 1% of the nodes go away / come back
#      (availability 0 <-> 1: the LP keeps its shape);
#   3. batch throughput: 100 small LPs in one process against 100 processes.
#
#   bench/production_bench.sh BUILD_DIR [NODES SLOTS CLASSES] > results.txt
# Needs python3 with h5py for the fleet edits (Debian: python3-h5py).
set -eu
BUILD=${1:?usage: production_bench.sh BUILD_DIR [NODES SLOTS CLASSES]}
NODES=${2:-2000} SLOTS=${3:-24} CLASSES=${4:-8}
FLEETLP=$BUILD/fleetlp
KKT=$BUILD/bench/fleetlp_kkt_lp
PY=${PYTHON:-/usr/bin/python3}
THREADS=${THREADS:-2}
W=$(mktemp -d /tmp/fleetlp_prodbench_XXXXXX)
trap 'rm -rf "$W"' EXIT
now() { date +%s.%N; }
iters() { sed -n 's/.*"iterations": \([0-9]*\).*/\1/p' "$1"; }

echo "== fleet ${NODES} nodes x ${SLOTS} slots x ${CLASSES} classes, ${THREADS} threads"
"$FLEETLP" fleet generate -o "$W/fleet.h5" --nodes "$NODES" --slots "$SLOTS" --classes "$CLASSES" --seed 7 >/dev/null
"$FLEETLP" fleet build "$W/fleet.h5" | grep '^LP'

# 1. checkpoint on SIGUSR1
"$FLEETLP" plan "$W/fleet.h5" -o "$W/p.h5" --device cpu --threads "$THREADS" --tol 1e-8 \
  --log-every 1000000000 --checkpoint "$W/ck.h5" >"$W/ck.log" 2>&1 &
pid=$!
sleep "${CHECKPOINT_AFTER:-5}"
kill -USR1 $pid
set +e
wait $pid
rc=$?
set -e
echo "checkpoint: exit $rc; $(grep -h 'checkpoint at iteration' "$W/ck.log"); size $(stat -c %s "$W/ck.h5") bytes"
t0=$(now)
"$FLEETLP" plan "$W/fleet.h5" -o "$W/p2.h5" --device cpu --threads "$THREADS" --tol 1e-8 \
  --quiet --resume "$W/ck.h5" --iter-limit 1 || true
echo "checkpoint: read + setup + one check on resume $(echo "$(now) - $t0" | bc) s"

# 2. cold against warm
"$FLEETLP" plan "$W/fleet.h5" -o "$W/base.h5" --device cpu --threads "$THREADS" --quiet --json "$W/base.json"
echo "base plan: $(iters "$W/base.json") iterations to 1e-4"
"$PY" - "$W" <<'EOF'
import shutil, sys, h5py, numpy as np
w = sys.argv[1]
shutil.copy(w + "/fleet.h5", w + "/demand.h5")
with h5py.File(w + "/demand.h5", "r+") as f:
    d = f["/workloads/demand"]
    d[...] = d[...] * 1.05
rng = np.random.default_rng(1)
shutil.copy(w + "/fleet.h5", w + "/fewer.h5")
with h5py.File(w + "/fewer.h5", "r+") as f:
    a = f["/nodes/availability"]
    n = a.shape[0]
    gone = rng.choice(n, max(1, n // 100), replace=False)
    v = a[...]
    v[gone, :] = 0
    a[...] = v
EOF
for case in demand fewer; do
  "$FLEETLP" plan "$W/$case.h5" -o "$W/$case-cold.h5" --device cpu --threads "$THREADS" --quiet --json "$W/$case-cold.json"
  "$FLEETLP" plan "$W/$case.h5" -o "$W/$case-warm.h5" --device cpu --threads "$THREADS" --quiet --json "$W/$case-warm.json" \
    --warm-start "$W/base.h5"
  echo "$case: cold $(iters "$W/$case-cold.json") iterations, warm $(iters "$W/$case-warm.json")"
done
# the nodes come back: yesterday had 1% fewer
"$FLEETLP" plan "$W/fleet.h5" -o "$W/more-warm.h5" --device cpu --threads "$THREADS" --quiet --json "$W/more-warm.json" \
  --warm-start "$W/fewer-cold.h5"
echo "more: cold $(iters "$W/base.json") iterations, warm $(iters "$W/more-warm.json")"

# 3. batch throughput
for k in $(seq 1 100); do
  "$KKT" "$W/lp$k.mps" $((40 + k % 20)) $((60 + k % 30)) "$k" >/dev/null
  echo "$W/lp$k.mps"
done >"$W/list.txt"
t0=$(now)
"$FLEETLP" solve --batch "$W/list.txt" --out-dir "$W/batch" --device cpu --threads 1 --quiet || true
t1=$(now)
mkdir -p "$W/sep"
while read -r lp; do
  b=$(basename "$lp" .mps)
  "$FLEETLP" solve "$lp" --device cpu --threads 1 --quiet --solution "$W/sep/$b.h5" --json "$W/sep/$b.json" || true
done <"$W/list.txt"
t2=$(now)
echo "batch: 100 LPs in one process $(echo "$t1 - $t0" | bc) s ($(echo "6000 / ($t1 - $t0)" | bc) LPs/min);" \
  "100 processes $(echo "$t2 - $t1" | bc) s ($(echo "6000 / ($t2 - $t1)" | bc) LPs/min)"
