#!/usr/bin/env bash
# Reproduces bench/results/cpu/tuning.md: iterations to OPTIMAL (tol 1e-4, at
# most 200k iterations, 1 thread) on hard netlib models for several primal-
# weight gains and necessary-restart factors. Iteration counts do not depend
# on machine load. Usage: bench/tune_weights.sh [fleetlp binary] [data dir]
set -euo pipefail
cli=${1:-build/fleetlp}
data=${2:-${FLEETLP_DATA_DIR:-$(dirname "$0")/../../shared/data}}
models="ganges nesm pilot87 d2q06c bnl1 bnl2 greenbea greenbeb perold fit2d maros pilot pilot4
        capri bore3d forplan modszk1 cycle lotfi scrs8"
variants=("pid_kp=0.99 restart_necessary=0.8" "pid_kp=0.5 restart_necessary=0.8"
          "pid_kp=0.5 restart_necessary=0.5" "pid_kp=0.3 restart_necessary=0.8")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '| model |'; for v in "${variants[@]}"; do printf ' %s |' "$v"; done; echo
printf '|---|'; for v in "${variants[@]}"; do printf -- '---|'; done; echo
for m in $models; do
  printf '| %s |' "$m"
  for v in "${variants[@]}"; do
    sets=(); for kv in $v; do sets+=(--set "$kv"); done
    "$cli" solve "$data/netlib/$m.mps.gz" --quiet --threads 1 --iter-limit 200000 "${sets[@]}" \
      --json "$tmp/r.json" >/dev/null 2>&1 || true
    st=$(grep -o '"status": "[A-Z_]*"' "$tmp/r.json" | cut -d'"' -f4)
    it=$(grep -o '"iterations": [0-9]*' "$tmp/r.json" | cut -d' ' -f2)
    printf ' %s |' "$([ "$st" = OPTIMAL ] && echo "$it" || echo "-")"
  done
  echo
done
