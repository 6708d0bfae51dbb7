#!/bin/bash
# Test job for "killed at the time limit": solves LP again and again into OUT
# (streamed solution, JSON summary, a checkpoint about every 0.1 s) until
# Slurm kills it. The shell ignores SIGTERM, so after the time limit's
# SIGTERM it starts the next solve and is still writing when SIGKILL comes.
#   writer_job.sh FLEETLP LP OUT
set -u
FLEETLP=$1 LP=$2 OUT=$3
trap '' TERM
n=0
while :; do
  n=$((n + 1))
  "$FLEETLP" solve "$LP" --device cpu --threads 1 --tol 1e-14 --quiet --check-every 16 \
    --solution "$OUT/solution.h5" --json "$OUT/summary.json" \
    --checkpoint "$OUT/state.ckpt.h5" --checkpoint-every 0.1
  echo "run $n: exit $?"
done
