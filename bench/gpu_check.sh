#!/usr/bin/env bash
# bench/gpu_check.sh: configure, build, test, sanitize and benchmark fleetlp
# on a machine with an NVIDIA GPU and no package registry. Installs nothing.
#
#   bench/gpu_check.sh [--quick | --full] [--dry-run] [--list] [STAGE...]
#
# --quick (the default) fits one device call of about 9 minutes on a bare
#   machine: every stage has a time guard, the guards add up to the budget
#   (QUICK_BUDGET, 520 s, rerun reserve included), and a stage that would
#   outrun what is left is cut to it or skipped. Stages:
#     deps configure build devices conformance conformance-nographs
#     conformance-index64 solves solve-small memcheck racecheck initcheck
#     bandwidth roofline fleet
#   (`--list` prints them with their guards and commands.) `batch-step`
#   (the batched PDHG step on cuda, fleetlp_scenario_bench) is outside the
#   budget and runs only when named, e.g. `--quick batch-step` after a build.
# --full: the long profile for a longer loan or several calls sharing one
#   build (ctest, the end-to-end tests on the GPU, memcheck of a solve,
#   synccheck, the roofline at five sizes and without graphs, netlib on the
#   GPU when FLEETLP_DATA_DIR has it, the batched step on cuda and cpu);
#   `peers` runs only when named.
# STAGE...: run only these stages of the profile (their order is the
#   profile's); a stage whose prerequisite failed or was not run here is
#   skipped, except that an existing build folder counts as built.
# --dry-run (or FLEETLP_GPU_DRY_RUN=1): on any machine, print the stages,
#   their guards and the total, and go through the incremental copy to $OUT
#   (a temporary folder when OUT is unset) with every stage simulated, then
#   check that a TERM in the middle still leaves the summary and the logs
#   there. Builds and runs nothing.
#
# After every stage the summary (summary.md: a table of the stages, then the
# roofline and fleet results) and the raw logs (logs.tar.gz, each log capped
# at 4 MiB) are copied to $OUT (or EXPORT_DIR), and again from a trap on
# EXIT and TERM/INT: a call cut off at its limit still brings back what it
# did. Two files, within the device's return limits. The last thing printed
# is the stage table.
#
# A failing conformance or solves run, or small solve, is run again with
# FLEETLP_CUDA_SYNC=1 (the CUDA backend waits after every operation, so a
# device fault names the operation that caused it), from a reserve of time.
#
# Environment:
#   OUT / EXPORT_DIR  where summary.md and logs.tar.gz go (none: only RESULTS)
#   RESULTS        results folder (default bench/results/gpu/<device>-<date>)
#   BUILD_DIR      build folder (default build-gpu); reused when it exists
#   DEBS           carried packages (default .deb, from bench/fetch_gpu_debs.sh)
#   PREFIX         where they are unpacked (default /tmp/fleetlp-deps)
#   JOBS           build jobs (default nproc)
#   CPU_THREADS    CPU backend threads in the roofline (default 2)
#   QUICK_BUDGET   seconds for --quick (default 520); FULL_BUDGET (default 0: none)
#   FLEET_SHAPE    the fleet stage's NODESxSLOTSxCLASSES (default 20000x96x16)
#   FLEET_DEVICE   its --device (default gpu)
#   BATCH_STEP_ARGS  more fleetlp_scenario_bench arguments of the batch-step
#                  stage, e.g. "--nodes 20000" (default: its 2,000 x 24 x 8 fleet)
#   FLEETLP_DATA_DIR  netlib/ etc. for the full profile's netlib stage
#   PEERS_ARGS     run_peers.py arguments of the peers stage (default --preset gpu);
#                  PEERS_TIMEOUT its guard (default 540 s)
# Exit status: 0 when every stage run passed (skips allowed), 1 otherwise,
# 143 when stopped by TERM.
#
# On the device machine (carry .deb; bench/README.md):
#   bench/gpu_check.sh --quick
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

PROFILE=quick
DRY=${FLEETLP_GPU_DRY_RUN:-0}
[[ $DRY == 0 || -z $DRY ]] && DRY=0 || DRY=1
LIST=0
TERM_TEST=1
WANTED=()
while (($#)); do
  case $1 in
    --quick) PROFILE=quick ;;
    --full) PROFILE=full ;;
    --dry-run) DRY=1 ;;
    --list) LIST=1 ;;
    --no-term-test) TERM_TEST=0 ;; # internal: the dry run's own TERM check
    -h | --help) sed -n '2,54p' "$0"; exit 0 ;;
    -*) echo "gpu_check: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) WANTED+=("$1") ;;
  esac
  shift
done

BUILD_DIR=${BUILD_DIR:-build-gpu}
DEBS=${DEBS:-.deb}
PREFIX=${PREFIX:-/tmp/fleetlp-deps}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 4)}
CPU_THREADS=${CPU_THREADS:-2}
MODEL=${MODEL:-datasets/examples/capacity_small.mps}
OUT_DIR=${EXPORT_DIR:-${OUT:-}}
DRY_SLEEP=${FLEETLP_GPU_DRY_SLEEP:-0} # seconds each simulated stage takes

BIN=$BUILD_DIR/fleetlp
TESTS=$BUILD_DIR/tests/fleetlp_tests
PDHG_BENCH=$BUILD_DIR/bench/fleetlp_pdhg_bench
SCEN_BENCH=$BUILD_DIR/bench/fleetlp_scenario_bench
BW_BIN=$BUILD_DIR/bench/fleetlp_gpu_bandwidth
CONF_FILTER='Backends/BackendConformance.*/cuda:BackendRegistry.*'
# Whole solves on the cuda backend (tests/test_backend_solves.cpp) and the
# comparison with the CPU; the netlib cases only where the data are.
SOLVES_FILTER='Backends/BackendSolve.*/cuda_*:CrossBackend.*'
[[ -d ${FLEETLP_DATA_DIR:-../shared/data}/netlib ]] || SOLVES_FILTER+=':-*netlib*'
# Our own kernels' tests (reductions, KKT sums, PDHG step, matrix norms and
# scaling); cuSPARSE's kernels are excluded by name below.
OWN_FILTER='Backends/BackendConformance.DotAndNorms/cuda:Backends/BackendConformance.KktSums*/cuda'
OWN_FILTER+=':Backends/BackendConformance.PdhgIterate*/cuda:Backends/BackendConformance.MatNormsAndScale/cuda'
OWN_FILTER+=':Backends/BackendConformance.MulDivMap/cuda'
# racecheck reports false shared-memory races inside cuSPARSE's SpMV when
# beta = 0; compute-sanitizer's kernel filter (kns: kernel name substring)
# leaves every cuSPARSE kernel (namespace cusparse) unchecked and ours checked.
SAN_EXCLUDE=(--kernel-name-exclude kns=cusparse)

# ---- the profiles: name|guard seconds|prerequisite|what it runs ---------------
QUICK_STAGES=(
  "deps|10|-|bench/unpack_debs.sh --debs $DEBS --prefix $PREFIX (skipped without $DEBS/*.deb)"
  "configure|30|deps|cmake -B $BUILD_DIR -DFLEETLP_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=native + prefix"
  "build|120|configure|cmake --build -j$JOBS --target fleetlp fleetlp_tests fleetlp_pdhg_bench fleetlp_scenario_bench fleetlp_gpu_bandwidth"
  "devices|10|build|fleetlp devices: cuda usable"
  "conformance|25|build|FLEETLP_REQUIRE_GPU=1 fleetlp_tests --gtest_filter='$CONF_FILTER', none skipped"
  "conformance-nographs|12|build|the same with FLEETLP_CUDA_GRAPHS=0"
  "conformance-index64|12|build|the same with FLEETLP_CUDA_INDEX64=1"
  "solves|20|build|FLEETLP_REQUIRE_GPU=1 fleetlp_tests --gtest_filter='$SOLVES_FILTER'"
  "solve-small|15|build|fleetlp solve $MODEL --tol 1e-6 on gpu and cpu, objectives agree"
  "memcheck|60|build|compute-sanitizer --tool memcheck --leak-check full on the cuda conformance suite (FLEETLP_TEST_LIGHT=1)"
  "racecheck|35|build|compute-sanitizer --tool racecheck ${SAN_EXCLUDE[*]} on our kernels' tests (light)"
  "initcheck|30|build|compute-sanitizer --tool initcheck ${SAN_EXCLUDE[*]} on our kernels' tests (light)"
  "bandwidth|8|build|fleetlp_gpu_bandwidth 2048 20 (device copy, the roofline's floor)"
  "roofline|55|build|fleetlp_pdhg_bench --backend cuda,cpu --threads $CPU_THREADS --nnz 1e6,16e6,100e6"
  "fleet|65|build|fleet generate --nodes 20000 --slots 96 --classes 16; plan --device gpu --tol 1e-4"
  "batch-step|45|build|fleetlp_scenario_bench --backend cuda --skip-throughput \$BATCH_STEP_ARGS (only when named)"
)
QUICK_RESERVE=13 # FLEETLP_CUDA_SYNC reruns of failed conformance tests / the small solve
FULL_STAGES=(
  "deps|60|-|bench/unpack_debs.sh --debs $DEBS --prefix $PREFIX"
  "configure|120|deps|cmake -B $BUILD_DIR -DFLEETLP_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=native + prefix"
  "build|900|configure|cmake --build -j$JOBS (everything)"
  "devices|30|build|fleetlp devices: cuda usable"
  "conformance|300|build|FLEETLP_REQUIRE_GPU=1 fleetlp_tests --gtest_filter='$CONF_FILTER'"
  "conformance-nographs|300|build|the same with FLEETLP_CUDA_GRAPHS=0"
  "conformance-index64|300|build|the same with FLEETLP_CUDA_INDEX64=1"
  "solves|600|build|FLEETLP_REQUIRE_GPU=1 fleetlp_tests --gtest_filter='$SOLVES_FILTER'"
  "solve-small|120|build|fleetlp solve $MODEL --tol 1e-6 on gpu and cpu"
  "ctest|2400|build|FLEETLP_REQUIRE_GPU=1 ctest (end-to-end tests on the CPU: FLEETLP_TEST_DEVICE=cpu)"
  "e2e-gpu|1200|build|FLEETLP_TEST_DEVICE=gpu fleetlp_tests: the end-to-end solves on the GPU"
  "memcheck|1500|build|compute-sanitizer memcheck --leak-check full on the cuda conformance suite"
  "memcheck-solve|1200|build|compute-sanitizer memcheck on fleetlp solve $MODEL --device gpu"
  "racecheck|900|build|compute-sanitizer racecheck ${SAN_EXCLUDE[*]} on our kernels' tests"
  "initcheck|900|build|compute-sanitizer initcheck ${SAN_EXCLUDE[*]} on our kernels' tests"
  "synccheck|900|build|compute-sanitizer synccheck on our kernels' tests"
  "bandwidth|60|build|fleetlp_gpu_bandwidth 2048 20"
  "roofline|1800|build|fleetlp_pdhg_bench --backend cuda,cpu --nnz 1e6,4e6,16e6,50e6,100e6"
  "roofline-nographs|600|build|FLEETLP_CUDA_GRAPHS=0 fleetlp_pdhg_bench --backend cuda --nnz 1e6,16e6"
  "fleet|900|build|fleet 20000 x 96 x 16, plan --device gpu --tol 1e-4"
  "batch-step|120|build|fleetlp_scenario_bench --backend cuda, then cpu --threads $CPU_THREADS, --skip-throughput"
  "netlib-gpu|3000|build|bench/run_suite.py --preset netlib-1e-4 --device gpu (needs FLEETLP_DATA_DIR)"
  "peers|${PEERS_TIMEOUT:-540}|build|bench/run_peers.py --gpu ${PEERS_ARGS:---preset gpu} (only when named)"
)
FULL_RESERVE=120

# Stages that run only when named.
if [[ $PROFILE == quick ]]; then
  STAGE_TABLE=("${QUICK_STAGES[@]}") RESERVE=$QUICK_RESERVE BUDGET=${QUICK_BUDGET:-520}
  OPT_IN=" batch-step "
else
  STAGE_TABLE=("${FULL_STAGES[@]}") RESERVE=$FULL_RESERVE BUDGET=${FULL_BUDGET:-0}
  OPT_IN=" peers "
fi

field() { # RECORD N: the Nth |-separated field
  local IFS='|' parts
  read -r -a parts <<<"$1"
  printf '%s' "${parts[$2]}"
}
selected() { # NAME: whether this run includes the stage
  local w
  if ((${#WANTED[@]} == 0)); then
    [[ $OPT_IN != *" $1 "* ]]
    return
  fi
  for w in "${WANTED[@]}"; do [[ $w == "$1" ]] && return 0; done
  return 1
}
for w in "${WANTED[@]}"; do
  found=0
  for rec in "${STAGE_TABLE[@]}"; do [[ $(field "$rec" 0) == "$w" ]] && found=1; done
  ((found)) || { echo "gpu_check: no stage '$w' in the $PROFILE profile (see --list)" >&2; exit 2; }
done

guard_total=0
for rec in "${STAGE_TABLE[@]}"; do
  selected "$(field "$rec" 0)" && guard_total=$((guard_total + $(field "$rec" 1)))
done
guard_total=$((guard_total + RESERVE))

print_plan() {
  printf '%-22s %7s  %-10s %s\n' stage guard needs "what it runs"
  local rec
  for rec in "${STAGE_TABLE[@]}"; do
    selected "$(field "$rec" 0)" || continue
    printf '%-22s %6ss  %-10s %s\n' "$(field "$rec" 0)" "$(field "$rec" 1)" "$(field "$rec" 2)" \
      "$(field "$rec" 3)"
  done
  printf '%-22s %6ss  %-10s %s\n' "(sync reruns)" "$RESERVE" "-" \
    "failed conformance/solves tests, the small solve, again with FLEETLP_CUDA_SYNC=1"
  printf '%-22s %6ss  (%d min %02d s)%s\n' total "$guard_total" $((guard_total / 60)) \
    $((guard_total % 60)) "$( ((BUDGET > 0)) && echo ", budget $BUDGET s")"
}
if ((LIST)); then
  print_plan
  exit 0
fi
if ((BUDGET > 0 && guard_total > BUDGET)); then
  echo "gpu_check: the $PROFILE guards add up to $guard_total s, over the budget of $BUDGET s" >&2
  exit 2
fi

# ---- results, summary, export ---------------------------------------------------
if ((DRY)); then
  gpu_name="(dry run: no GPU used)"
  DRY_TMP=$(mktemp -d /tmp/fleetlp-gpu-dry.XXXXXX)
  RESULTS=$DRY_TMP/results
  [[ -z $OUT_DIR ]] && OUT_DIR=$DRY_TMP/out
else
  gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || true)
  [[ -z $gpu_name ]] && gpu_name=unknown-gpu
  dev_tag=$(printf '%s' "$gpu_name" | tr -c 'A-Za-z0-9.\n' '-' | sed 's/--*/-/g; s/-$//')
  RESULTS=${RESULTS:-bench/results/gpu/${dev_tag}-$(date -u +%Y%m%d-%H%M%S)}
fi
LOGS=$RESULTS/logs
mkdir -p "$LOGS"
[[ -n $OUT_DIR ]] && mkdir -p "$OUT_DIR"
SUMMARY=$RESULTS/summary.md
SECTIONS=$RESULTS/sections # markdown appended to the summary (roofline, fleet)
mkdir -p "$SECTIONS"
T0=$(date +%s)
DEADLINE=$((BUDGET > 0 ? T0 + BUDGET : 0))
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (modified)')"
ROWS=()           # "| stage | status | seconds | guard | note |"
declare -A STATUS=() # stage -> PASS FAIL TIMEOUT SKIP DRY
CURRENT=""
CHILD=""
INTERRUPTED=""
RESERVE_LEFT=$RESERVE
failures=0

write_summary() {
  {
    echo "# fleetlp GPU check ($PROFILE): $gpu_name"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT, elapsed $(($(date +%s) - T0)) s" \
      "of guards totalling $guard_total s$( ((BUDGET > 0)) && echo " (budget $BUDGET s)")"
    [[ -n $INTERRUPTED ]] && echo && echo "**Interrupted: $INTERRUPTED.**"
    echo
    echo "| stage | status | seconds | guard | note |"
    echo "|---|---|---:|---:|---|"
    local r
    for r in "${ROWS[@]}"; do echo "$r"; done
    [[ -n $CURRENT && -z ${STATUS[$CURRENT]:-} ]] && echo "| $CURRENT | running | | | |"
    local f
    for f in "$SECTIONS"/*.md; do
      [[ -f $f ]] || continue
      echo
      cat "$f"
    done
  } >"$SUMMARY.tmp"
  mv "$SUMMARY.tmp" "$SUMMARY"
}

# Keeps a log within 4 MiB (its first and last 2 MiB), so logs.tar.gz stays
# far inside the 16 MiB a returned file may have.
cap_log() {
  local f=$1 size
  [[ -f $f ]] || return 0
  size=$(stat -c %s "$f")
  ((size > 4194304)) || return 0
  { head -c 2097152 "$f"; printf '\n...[%d bytes cut by gpu_check.sh]...\n' $((size - 4194304)); tail -c 2097152 "$f"; } >"$f.cap"
  mv "$f.cap" "$f"
}

export_out() {
  write_summary
  [[ -n $OUT_DIR ]] || return 0
  local f
  for f in "$LOGS"/*; do cap_log "$f"; done
  cp "$SUMMARY" "$OUT_DIR/summary.md.tmp" && mv "$OUT_DIR/summary.md.tmp" "$OUT_DIR/summary.md"
  tar -czf "$OUT_DIR/logs.tar.gz.tmp" -C "$RESULTS" --exclude=sections --exclude=summary.md . &&
    mv "$OUT_DIR/logs.tar.gz.tmp" "$OUT_DIR/logs.tar.gz"
}

trim() {
  local t=$1
  t=${t#"${t%%[![:space:]]*}"}
  printf '%s' "${t%"${t##*[![:space:]]}"}"
}
print_table() {
  echo
  echo "=== gpu_check ($PROFILE) on $gpu_name: $(($(date +%s) - T0)) s, guards $guard_total s"
  printf '%-22s %-8s %6s %6s  %s\n' stage status secs guard note
  local r name st secs guard note
  for r in "${ROWS[@]}"; do
    IFS='|' read -r _ name st secs guard note <<<"$r"
    printf '%-22s %-8s %6s %6s  %s\n' "$(trim "$name")" "$(trim "$st")" "$(trim "$secs")" \
      "$(trim "$guard")" "$(trim "${note%|}")"
  done
  [[ -n $INTERRUPTED ]] && echo "INTERRUPTED: $INTERRUPTED"
  [[ -n $OUT_DIR ]] && echo "copied to $OUT_DIR: $(find "$OUT_DIR" -maxdepth 1 -type f -printf '%f ')"
  return 0
}

on_term() {
  INTERRUPTED="${1:-TERM} during stage ${CURRENT:-none}, at $(($(date +%s) - T0)) s"
  if [[ -n $CHILD ]]; then kill -TERM "$CHILD" 2>/dev/null || true; fi
  exit 143
}
on_exit() {
  local rc=$?
  trap - EXIT TERM INT
  export_out || true
  print_table
  if [[ -n ${DRY_TMP:-} && -z ${KEEP_DRY:-} ]]; then rm -rf "$DRY_TMP"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'on_term TERM' TERM
trap 'on_term INT' INT

# ---- running commands under the stage's guard ---------------------------------
STAGE_END=0
# Runs a command, in the background so that a TERM reaches the trap at once,
# killed at the stage's end (timeout's exit 124, or 137 after KILL).
tmo() {
  local left=$((STAGE_END - $(date +%s)))
  ((left < 1)) && left=1
  timeout --kill-after=3 "$left" "$@" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}
# The same with the carried libraries visible (cmake and ctest run without them).
RUN_LIBS=""
tmo_ours() { LD_LIBRARY_PATH="${RUN_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" tmo "$@"; }

NOTE=""
note_add() { NOTE="${NOTE:+$NOTE; }$*"; }

# Time taken from the rerun reserve: at most $1 seconds, 0 when none is left.
reserve_take() {
  local want=$1 take
  take=$((want < RESERVE_LEFT ? want : RESERVE_LEFT))
  if ((DEADLINE > 0)); then
    local left=$((DEADLINE - $(date +%s) - 2))
    ((take > left)) && take=$left
  fi
  ((take < 0)) && take=0
  RESERVE_LEFT=$((RESERVE_LEFT - take))
  echo "$take"
}

# A prerequisite is met when it passed here, or when it was not run here and
# what it makes is there (an earlier call's build folder, say).
need_met() { # STAGE
  local need=$1
  [[ $need == - || ${STATUS[$need]:-} == PASS ]] && return 0
  [[ -n ${STATUS[$need]:-} ]] && return 1
  case $need in
    deps) return 0 ;;
    configure) [[ -f $BUILD_DIR/CMakeCache.txt ]] ;;
    build) [[ -x $BIN ]] ;;
    *) return 1 ;;
  esac
}

run_stage() { # RECORD
  local rec=$1 name guard need fn t start rc st secs
  name=$(field "$rec" 0) guard=$(field "$rec" 1) need=$(field "$rec" 2)
  selected "$name" || return 0
  CURRENT=$name NOTE=""
  fn="stage_${name//-/_}"
  if ((DRY)); then
    {
      echo "stage $name (dry run), guard $guard s"
      echo "would run: $(field "$rec" 3)"
    } >"$LOGS/$name.log"
    export_out
    if ((DRY_SLEEP > 0)); then
      sleep "$DRY_SLEEP" &
      CHILD=$!
      wait "$CHILD" || true
      CHILD=""
    fi
    STATUS[$name]=DRY
    ROWS+=("| $name | DRY | 0 | $guard | $(field "$rec" 3 | sed 's/|/\\|/g') |")
    export_out
    echo "  after $name: $OUT_DIR holds $(cd "$OUT_DIR" && find . -type f -printf '%P (%s bytes) ' | sort)"
    return 0
  fi
  if ! need_met "$need"; then
    STATUS[$name]=SKIP
    ROWS+=("| $name | SKIP | 0 | $guard | needs $need (${STATUS[$need]:-not run}) |")
    export_out
    return 0
  fi
  start=$(date +%s)
  t=$guard
  if ((DEADLINE > 0)); then
    local left=$((DEADLINE - start - RESERVE_LEFT))
    if ((left < 3)); then
      STATUS[$name]=SKIP
      ROWS+=("| $name | SKIP | 0 | $guard | no time left in the budget |")
      export_out
      return 0
    fi
    if ((t > left)); then
      t=$left
      note_add "guard cut to ${t} s by the budget"
    fi
  fi
  STAGE_END=$((start + t))
  printf '\n=== %s (guard %s s)\n' "$name" "$t"
  export_out
  rc=0
  "$fn" >"$LOGS/$name.log" 2>&1 || rc=$?
  secs=$(($(date +%s) - start))
  if ((rc != 0)) && [[ -z $NOTE ]]; then
    # the last line the stage printed, as its note
    NOTE=$(grep -v '^[[:space:]]*$' "$LOGS/$name.log" | tail -1 | cut -c1-160 || true)
  fi
  if ((rc == 0)); then
    st=PASS
  elif ((rc == 77)); then
    st=SKIP
  elif ((rc == 124 || rc == 137)) || ((secs >= t)); then
    st=TIMEOUT
    failures=$((failures + 1))
  else
    st=FAIL
    failures=$((failures + 1))
  fi
  STATUS[$name]=$st
  ROWS+=("| $name | $st | $secs | $t | $(printf '%s' "$NOTE" | sed 's/|/\\|/g') |")
  printf '%s: %s in %s s%s\n' "$name" "$st" "$secs" "${NOTE:+: $NOTE}"
  if [[ $st != PASS ]]; then tail -15 "$LOGS/$name.log" | sed 's/^/  | /'; fi
  export_out
}

# ---- stages ---------------------------------------------------------------------
CMAKE_DEP_ARGS=()
stage_deps() {
  if ! compgen -G "$DEBS/*.deb" >/dev/null; then
    note_add "no $DEBS/*.deb: the system's HDF5, zlib and GoogleTest"
    return 0
  fi
  tmo bench/unpack_debs.sh --debs "$DEBS" --prefix "$PREFIX" || return
  note_add "$(find "$DEBS" -maxdepth 1 -type f -name '*.deb' | wc -l) packages unpacked in $PREFIX"
}
deps_args() { # fills CMAKE_DEP_ARGS and RUN_LIBS when a prefix is there
  if [[ -f $PREFIX/.unpacked ]]; then
    mapfile -t CMAKE_DEP_ARGS < <(bench/unpack_debs.sh --cmake-args --prefix "$PREFIX")
    RUN_LIBS=$(bench/unpack_debs.sh --lib-path --prefix "$PREFIX")
  fi
}

stage_configure() {
  tmo cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFLEETLP_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=native "${CMAKE_DEP_ARGS[@]}" || return
  note_add "$(grep -E '^CMAKE_CUDA_ARCHITECTURES' "$BUILD_DIR/CMakeCache.txt" | cut -d= -f2 | head -1 | sed 's/^/arch /')"
}

stage_build() {
  local targets=()
  [[ $PROFILE == quick ]] && targets=(--target fleetlp fleetlp_tests fleetlp_pdhg_bench fleetlp_scenario_bench fleetlp_gpu_bandwidth)
  tmo cmake --build "$BUILD_DIR" -j"$JOBS" "${targets[@]}" || return
  note_add "$(grep -ci 'warning' "$LOGS/build.log" || true) warning lines"
}

stage_devices() {
  tmo_ours "$BIN" devices >"$RESULTS/devices.txt" 2>&1 || true
  cat "$RESULTS/devices.txt"
  grep -Eq '^cuda +usable' "$RESULTS/devices.txt" || return 1
  note_add "$(grep -E '^cuda' "$RESULTS/devices.txt" | head -1 | sed 's/^cuda *usable: *//')"
}

gtest_counts() { # LOG: "P passed, F failed, S skipped"
  local p f s
  p=$(grep -cE '^\[       OK \]' "$1" || true)
  f=$(grep -cE '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$1" || true)
  s=$(grep -cE '^\[  SKIPPED \] .* \([0-9]+ ms\)$' "$1" || true)
  echo "$p passed, $f failed, $s skipped"
}
# Tests on cuda under an environment, none skipped; failed tests again with
# FLEETLP_CUDA_SYNC=1 (their log: LABEL-sync.log) to name the faulting operation.
gpu_tests() { # LABEL FILTER [VAR=VALUE...]
  local label=$1 filter=$2 rc=0
  shift 2
  tmo_ours env "$@" FLEETLP_REQUIRE_GPU=1 "$TESTS" --gtest_filter="$filter" || rc=$?
  local log=$LOGS/$label.log
  note_add "$(gtest_counts "$log")"
  if ((rc == 0)) && grep -qE '^\[  SKIPPED \] .* \([0-9]+ ms\)$' "$log"; then
    rc=1
    note_add "tests skipped"
  fi
  if ((rc != 0 && rc != 124 && rc != 137)); then
    local failed t
    failed=$(grep -E '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$log" |
      sed -E 's/^\[  FAILED  \] ([^ ,]+).*/\1/' | sort -u | paste -sd: || true)
    t=$(reserve_take 8)
    if [[ -n $failed ]] && ((t > 2)); then
      local saved=$STAGE_END
      STAGE_END=$(($(date +%s) + t))
      tmo_ours env "$@" FLEETLP_REQUIRE_GPU=1 FLEETLP_CUDA_SYNC=1 "$TESTS" --gtest_filter="$failed" \
        >"$LOGS/$label-sync.log" 2>&1 || true
      STAGE_END=$saved
      note_add "rerun with FLEETLP_CUDA_SYNC=1: $(gtest_counts "$LOGS/$label-sync.log") ($label-sync.log)"
    fi
  fi
  return "$rc"
}
stage_conformance() { gpu_tests conformance "$CONF_FILTER"; }
stage_conformance_nographs() { gpu_tests conformance-nographs "$CONF_FILTER" FLEETLP_CUDA_GRAPHS=0; }
stage_conformance_index64() { gpu_tests conformance-index64 "$CONF_FILTER" FLEETLP_CUDA_INDEX64=1; }
stage_solves() { gpu_tests solves "$SOLVES_FILTER"; }

jsum() { # FILE: "STATUS objective OBJ, N iterations, T s (setup S s, presolve P s), DEVICE"
  python3 - "$1" <<'EOF' 2>&1
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print(d.get("status"), "objective %.10g," % d.get("objective", float("nan")),
          d.get("iterations"), "iterations, %.2f s (setup %.2f s, presolve %.2f s)," % (
              d.get("total_seconds", float("nan")), d.get("setup_seconds", float("nan")),
              d.get("presolve_seconds", float("nan"))), d.get("device"))
except Exception as e:
    print("no JSON summary (%s)" % type(e).__name__)
EOF
}
stage_solve_small() {
  local d rc=0
  for d in gpu cpu; do
    echo "--- $d"
    tmo_ours "$BIN" solve "$MODEL" --device "$d" --tol 1e-6 --threads 1 --json "$RESULTS/solve-$d.json" || rc=$?
  done
  local jg jc
  jg=$(jsum "$RESULTS/solve-gpu.json") jc=$(jsum "$RESULTS/solve-cpu.json")
  note_add "gpu: $jg; cpu: $jc"
  if [[ $jg != OPTIMAL* || $jc != OPTIMAL* || $jg != *cuda* ]]; then
    local t
    t=$(reserve_take 6)
    if ((t > 2)); then
      STAGE_END=$(($(date +%s) + t))
      echo "--- gpu again with FLEETLP_CUDA_SYNC=1"
      tmo_ours env FLEETLP_CUDA_SYNC=1 "$BIN" solve "$MODEL" --device gpu --tol 1e-6 || true
    fi
    return 1
  fi
  local diff
  diff=$(python3 - "$RESULTS/solve-gpu.json" "$RESULTS/solve-cpu.json" <<'EOF'
import json, sys
g, c = (json.load(open(f))["objective"] for f in sys.argv[1:3])
rel = abs(g - c) / (1 + abs(c))
print("objectives %.2e apart (relative)" % rel)
sys.exit(0 if rel <= 1e-5 else 1)
EOF
  ) || rc=1
  note_add "$diff"
  return "$rc"
}

SAN=""
SAN_UNSUPPORTED=""
find_sanitizer() {
  SAN=$(command -v compute-sanitizer || true)
  [[ -z $SAN && -x /usr/local/cuda/bin/compute-sanitizer ]] && SAN=/usr/local/cuda/bin/compute-sanitizer
  [[ -n $SAN ]]
}
# compute-sanitizer TOOL on the tests matching FILTER; 77 (skip) where it cannot run.
sanitize() { # TOOL FILTER [OPTIONS...]
  local tool=$1 filter=$2
  shift 2
  if [[ -n $SAN_UNSUPPORTED ]]; then note_add "skipped: $SAN_UNSUPPORTED"; return 77; fi
  find_sanitizer || { note_add "compute-sanitizer not found"; return 1; }
  local rc=0
  local light=0 # the quick profile: the conformance sweeps' subsets
  [[ $PROFILE == quick ]] && light=1
  tmo_ours env FLEETLP_REQUIRE_GPU=1 FLEETLP_TEST_LIGHT=$light "$SAN" --tool "$tool" --error-exitcode 97 --print-limit 50 \
    "$@" "$TESTS" --gtest_filter="$filter" || rc=$?
  local log=$LOGS/$CURRENT.log
  if grep -qE 'Device not supported|Unable to find injection library|error 999' "$log"; then
    SAN_UNSUPPORTED="compute-sanitizer cannot run on this device ($CURRENT.log)"
    note_add "$SAN_UNSUPPORTED"
    return 77
  fi
  note_add "$(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$log" | tail -1 | sed 's/^========= //')"
  note_add "$(gtest_counts "$log")"
  return "$rc"
}
stage_memcheck() { sanitize memcheck 'Backends/BackendConformance.*/cuda' --leak-check full; }
stage_racecheck() { sanitize racecheck "$OWN_FILTER" "${SAN_EXCLUDE[@]}"; }
stage_initcheck() { sanitize initcheck "$OWN_FILTER" "${SAN_EXCLUDE[@]}"; }
stage_synccheck() { sanitize synccheck "$OWN_FILTER" "${SAN_EXCLUDE[@]}"; }
stage_memcheck_solve() {
  if [[ -n $SAN_UNSUPPORTED ]]; then note_add "skipped: $SAN_UNSUPPORTED"; return 77; fi
  find_sanitizer || { note_add "compute-sanitizer not found"; return 1; }
  tmo_ours "$SAN" --tool memcheck --leak-check full --error-exitcode 97 --print-limit 50 \
    "$BIN" solve "$MODEL" --device gpu --tol 1e-4 || return
  note_add "$(grep -E 'ERROR SUMMARY' "$LOGS/$CURRENT.log" | tail -1 | sed 's/^========= //')"
}

stage_ctest() {
  # ctest runs without LD_LIBRARY_PATH: the test binary finds the carried
  # libraries through its RPATH.
  local rc=0
  FLEETLP_REQUIRE_GPU=1 FLEETLP_TEST_DEVICE=cpu tmo ctest --test-dir "$BUILD_DIR" \
    --output-on-failure -j"$(((JOBS + 1) / 2))" || rc=$?
  note_add "$(grep -E 'tests passed' "$LOGS/ctest.log" | tail -1)"
  return "$rc"
}
stage_e2e_gpu() {
  local rc=0
  FLEETLP_TEST_DEVICE=gpu tmo_ours "$TESTS" \
    --gtest_filter='SolveE2E*:Cli.*:Sizes/GeneratedLP.*:Polish.*:Presolve.*:FleetPlan.*:Small/Netlib*' || rc=$?
  note_add "$(gtest_counts "$LOGS/e2e-gpu.log")"
  return "$rc"
}

BW=""
stage_bandwidth() {
  tmo_ours "$BW_BIN" 2048 20 >"$RESULTS/bandwidth.txt" 2>&1 || { cat "$RESULTS/bandwidth.txt"; return 1; }
  cat "$RESULTS/bandwidth.txt"
  BW=$(awk '$1 == "bandwidth_gbs" { print $2 }' "$RESULTS/bandwidth.txt")
  note_add "${BW:-?} GB/s (read + write)"
}

# The roofline table: GPU time per iteration against the bandwidth floor, and
# the CPU backend (CPU_THREADS threads) against the GPU, joined on nnz.
roofline_table() { # CSV [NOGRAPHS_CSV]
  {
    echo "## PDHG iteration (fleetlp_pdhg_bench) on $gpu_name"
    echo
    echo "Copy bandwidth ${BW:-?} GB/s (read + write); CPU backend with $CPU_THREADS threads; floor = bytes one"
    echo "iteration must move / copy bandwidth."
    echo
    awk -F, -v N="${2:-/dev/null}" '
      FNR == 1 && FILENAME == N { nf = 1 }
      $1 == "backend" { next }
      FILENAME == N { nog[$5] = $9; next }
      $1 == "cuda" { gpu[$5] = $9; bytes[$5] = $10; fl[$5] = $13; ratio[$5] = $14; if (!($5 in seen)) { seen[$5] = 1; order[++n] = $5 } }
      $1 == "cpu" { cpu[$5] = $9; if (!($5 in seen)) { seen[$5] = 1; order[++n] = $5; cbytes[$5] = $10 } }
      END {
        print "| nnz | MB/iter | GPU us/iter | floor us | GPU/floor | no-graph us | CPU us/iter | CPU/GPU |"
        print "|---:|---:|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= n; i++) {
          k = order[i]
          mb = (k in bytes) ? bytes[k] / 1e6 : cbytes[k] / 1e6
          printf "| %s | %.1f | %s | %s | %s | %s | %s | %s |\n", k, mb,
            (k in gpu) ? gpu[k] : "-", (k in fl) ? fl[k] : "-", (k in ratio) ? ratio[k] : "-",
            (k in nog) ? nog[k] : "-", (k in cpu) ? cpu[k] : "-",
            (k in cpu && k in gpu && gpu[k] > 0) ? sprintf("%.1f", cpu[k] / gpu[k]) : "-"
        }
      }' "$1" "${2:-/dev/null}"
  } >"$SECTIONS/roofline.md"
}
stage_roofline() {
  local sizes=1e6,16e6,100e6 rc=0
  [[ $PROFILE == full ]] && sizes=1e6,4e6,16e6,50e6,100e6
  tmo_ours "$PDHG_BENCH" --backend cuda,cpu --threads "$CPU_THREADS" --nnz "$sizes" --count 64 \
    --min-time 1 --cpu-count 2 --cpu-min-time 0.5 --bandwidth "${BW:-0}" --header \
    >"$RESULTS/pdhg.csv" || rc=$?
  cat "$RESULTS/pdhg.csv"
  local nog=/dev/null
  [[ -f $RESULTS/pdhg-nographs.csv ]] && nog=$RESULTS/pdhg-nographs.csv
  roofline_table "$RESULTS/pdhg.csv" "$nog"
  cat "$SECTIONS/roofline.md"
  note_add "$(awk -F, '$1 == "cuda" { r = $14; k = $5 } END { if (k) printf "GPU/floor %s at %s nnz", r, k }' "$RESULTS/pdhg.csv")"
  ((rc == 0)) || note_add "$(grep '^pdhg_bench:' "$LOGS/roofline.log" | tail -1)"
  return "$rc"
}
stage_roofline_nographs() {
  FLEETLP_CUDA_GRAPHS=0 tmo_ours "$PDHG_BENCH" --backend cuda --nnz 1e6,16e6 --count 64 \
    --min-time 1 --bandwidth "${BW:-0}" --header >"$RESULTS/pdhg-nographs.csv" || return
  cat "$RESULTS/pdhg-nographs.csv"
  [[ -f $RESULTS/pdhg.csv ]] && roofline_table "$RESULTS/pdhg.csv" "$RESULTS/pdhg-nographs.csv"
  return 0
}

FLEET_SHAPE=${FLEET_SHAPE:-20000x96x16} # nodes x slots x classes
FLEET_DEVICE=${FLEET_DEVICE:-gpu}
stage_fleet() {
  # the limit counts from the solver's start: generating the fleet, building
  # its LP and writing the plan (11.9 M columns) come on top, within the guard
  local work=/tmp/fleetlp-gpu-fleet limit=45 rc=0 nodes slots classes
  [[ $PROFILE == full ]] && limit=850
  IFS=x read -r nodes slots classes <<<"$FLEET_SHAPE"
  mkdir -p "$work"
  local t
  t=$(date +%s)
  tmo_ours "$BIN" fleet generate -o "$work/fleet.h5" --nodes "$nodes" --slots "$slots" \
    --classes "$classes" || return
  echo "generated in $(($(date +%s) - t)) s"
  tmo_ours "$BIN" plan "$work/fleet.h5" -o "$work/plan.h5" --device "$FLEET_DEVICE" --tol 1e-4 \
    --time-limit "$limit" --json "$RESULTS/fleet-plan.json" || rc=$?
  local j
  j=$(jsum "$RESULTS/fleet-plan.json")
  note_add "$nodes x $slots x $classes: $j"
  {
    echo "## Fleet plan, $nodes nodes x $slots slots x $classes classes, --device $FLEET_DEVICE --tol 1e-4"
    echo
    echo "$j (time limit $limit s; exit $rc)"
  } >"$SECTIONS/fleet.md"
  rm -rf "$work"
  [[ $j == OPTIMAL* ]] && ((rc == 0))
}

# The batched PDHG step (backend.h: pdhg_iterate_batch) at K = 1, 8, 16, 32
# on the fleet bench's matrix, against one single step.
stage_batch_step() {
  local be backends=(cuda) rc=0
  [[ $PROFILE == full ]] && backends=(cuda cpu)
  : >"$SECTIONS/batch-step.md"
  for be in "${backends[@]}"; do
    # shellcheck disable=SC2086 # BATCH_STEP_ARGS is a list of arguments
    tmo_ours "$SCEN_BENCH" --backend "$be" --threads "$CPU_THREADS" --skip-throughput ${BATCH_STEP_ARGS:-} \
      >"$RESULTS/batch-step-$be.md" 2>&1 || rc=$?
    cat "$RESULTS/batch-step-$be.md"
    {
      echo "## Batched PDHG step (fleetlp_scenario_bench --backend $be) on $gpu_name"
      echo
      cat "$RESULTS/batch-step-$be.md"
    } >>"$SECTIONS/batch-step.md"
    note_add "$be: K=32 $(awk -F'|' '$2 ~ /^ *32 *$/ { gsub(/ /, "", $5); print $5 " of single per scenario" }' \
      "$RESULTS/batch-step-$be.md")"
    ((rc == 0)) || return "$rc"
  done
}

stage_netlib_gpu() {
  if [[ -z ${FLEETLP_DATA_DIR:-} || ! -d ${FLEETLP_DATA_DIR:-/nonexistent}/netlib ]]; then
    note_add "no FLEETLP_DATA_DIR/netlib"
    return 77
  fi
  tmo_ours python3 bench/run_suite.py --preset netlib-1e-4 --device gpu --cli "$BIN" \
    --data "$FLEETLP_DATA_DIR" --out "$RESULTS" --label netlib-gpu || return
  note_add "$(grep -iE 'correct|wrong' "$RESULTS/netlib-gpu.md" | head -1)"
}

stage_peers() {
  # shellcheck disable=SC2086 # PEERS_ARGS is a list of options
  tmo_ours python3 bench/run_peers.py --gpu --wheels .whl --cli "$BIN" --out "$RESULTS/peers" \
    --resume ${PEERS_ARGS:---preset gpu} || return
  note_add "$(grep -E '^(fleetlp-gpu|cupdlpx) +solved' "$LOGS/peers.log" | tail -2 | tr -s ' ' | paste -sd ';')"
}

# ---- main -----------------------------------------------------------------------
echo "gpu_check ($PROFILE$( ((DRY)) && echo ", dry run")): $gpu_name, commit $COMMIT"
echo "results in $RESULTS${OUT_DIR:+, copied to $OUT_DIR after every stage}"
print_plan
if ((DRY == 0)); then
  {
    nvidia-smi 2>&1 || true
    echo
    nvcc --version 2>&1 || true
    echo
    cmake --version 2>&1 | head -1 || true
    compute-sanitizer --version 2>&1 | head -2 || true
    uname -a
    grep PRETTY_NAME /etc/os-release 2>/dev/null || true
    echo "cores $(nproc), $(free -g 2>/dev/null | awk '/^Mem/ { print $2 " GiB memory" }')"
  } >"$RESULTS/machine.txt" 2>&1
fi
export_out

for rec in "${STAGE_TABLE[@]}"; do
  run_stage "$rec"
  # After the deps stage (run or not), the prefix's CMake arguments and libraries.
  if [[ $(field "$rec" 0) == deps ]] && ((DRY == 0)); then deps_args; fi
done

if ((DRY)); then
  echo
  echo "=== dry run: what came back in $OUT_DIR"
  nfiles=$(find "$OUT_DIR" -type f | wc -l)
  deep=$(find "$OUT_DIR" -mindepth 3 | wc -l)
  big=$(find "$OUT_DIR" -type f -size +16M | wc -l)
  odd=$(find "$OUT_DIR" -mindepth 1 | sed "s|^$OUT_DIR/||" | grep -cvE '^[A-Za-z0-9._/-]+$' || true)
  echo "files: $nfiles (at most 8), over 16 MiB: $big, deeper than 2 folders: $deep, odd names: $odd"
  (cd "$OUT_DIR" && find . -type f -printf '  %P  %s bytes\n' | sort)
  echo "  logs.tar.gz holds: $(tar -tzf "$OUT_DIR/logs.tar.gz" | grep -c 'logs/.*\.log') stage logs"
  ((nfiles <= 8 && big == 0 && deep == 0 && odd == 0)) || failures=$((failures + 1))
  if ((TERM_TEST)); then
    echo
    echo "=== dry run: TERM in the middle (stages 1 s each, TERM after 3.5 s)"
    term_out=$DRY_TMP/term-out
    FLEETLP_GPU_DRY_SLEEP=1 OUT="$term_out" EXPORT_DIR="" bash "$0" "--$PROFILE" --dry-run \
      --no-term-test >"$DRY_TMP/term.log" 2>&1 &
    pid=$!
    sleep 3.5
    kill -TERM "$pid"
    trc=0
    wait "$pid" || trc=$?
    echo "exit status $trc (143 expected)"
    echo "summary.md as it came back:"
    sed 's/^/  | /' "$term_out/summary.md"
    echo "stages recorded: $(grep -cE '^\| [a-z0-9-]+ \| DRY' "$term_out/summary.md")," \
      "logs in logs.tar.gz: $(tar -tzf "$term_out/logs.tar.gz" | grep -c 'logs/.*\.log')"
    if ((trc != 143)) || ! grep -q '^\*\*Interrupted: TERM' "$term_out/summary.md"; then
      failures=$((failures + 1))
    fi
  fi
fi

((failures == 0))
