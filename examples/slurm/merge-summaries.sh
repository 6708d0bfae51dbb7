#!/bin/bash
# Joins OUT_DIR/task-*/summary.csv of array.sbatch into OUT_DIR/summary.csv
# (one header, task order), written atomically. Runs as a plain script or as
# a dependent job:  sbatch --dependency=afterany:<array job> merge-summaries.sh OUT_DIR
# Exit status: 0 when every task left a summary, 1 otherwise (listed on stderr).
#SBATCH --job-name=fleetlp-merge
#SBATCH --time=00:10:00
#SBATCH --output=fleetlp-merge-%j.log

set -u
OUT=${1:?usage: merge-summaries.sh OUT_DIR}
tmp=$OUT/summary.csv.tmp
missing=0
header=
: >"$tmp" || exit 2
for i in $(ls "$OUT" | sed -n 's/^task-\([0-9][0-9]*\)$/\1/p' | sort -n); do
  csv=$OUT/task-$i/summary.csv
  if [ ! -f "$csv" ]; then
    echo "merge-summaries: $csv is missing" >&2
    missing=1
    continue
  fi
  if [ -z "$header" ]; then
    header=$(head -n 1 "$csv")
    printf '%s\n' "$header" >>"$tmp"
  fi
  tail -n +2 "$csv" >>"$tmp"
done
if [ -z "$header" ]; then
  echo "merge-summaries: no task summaries under $OUT" >&2
  rm -f "$tmp"
  exit 1
fi
mv -f "$tmp" "$OUT/summary.csv"
rows=$(($(wc -l <"$OUT/summary.csv") - 1))
echo "merge-summaries: $rows rows in $OUT/summary.csv"
exit "$missing"
