#!/bin/bash
# Submits array.sbatch over LIST with one task per TASKS-th of it, and the
# merge step as a job that runs when every task has ended.
#
#   submit-array.sh LIST OUT_DIR TASKS [fleetlp options...]
set -eu
usage="usage: submit-array.sh LIST OUT_DIR TASKS [fleetlp options...]"
LIST=${1:?$usage}
OUT=${2:?$usage}
TASKS=${3:?$usage}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
jid=$(sbatch --parsable --array=0-$((TASKS - 1)) --output="$OUT/array-%A_%a.log" \
  "$here/array.sbatch" "$LIST" "$OUT" "$@")
jid=${jid%%;*}
mid=$(sbatch --parsable --dependency=afterany:"$jid" --output="$OUT/merge-%j.log" \
  "$here/merge-summaries.sh" "$OUT")
echo "array job $jid, merge job ${mid%%;*}"
