#!/usr/bin/env bash
# bench/gpu_check.sh: build, test, sanitize and benchmark fleetlp on a machine
# with an NVIDIA GPU and no package registry. Installs nothing.
#
#   bench/gpu_check.sh [STAGE...]      STAGE: build test sanitize bench all (default all)
#
# Stages (each one's log and results go to bench/results/gpu/<device>-<date>/):
#   build     unpack .deb/ (from bench/fetch_gpu_debs.sh) into a private prefix
#             when present, configure with -DFLEETLP_CUDA=ON
#             -DCMAKE_CUDA_ARCHITECTURES=native, build.
#   test      `fleetlp devices` must call cuda usable; ctest with
#             FLEETLP_REQUIRE_GPU=1 (the conformance suite fails instead of
#             skipping cuda); the conformance suite again with graphs off and
#             with 64-bit indices forced; a small solve on GPU and CPU.
#   sanitize  compute-sanitizer memcheck on a small solve and on the cuda
#             conformance tests; racecheck and synccheck on the reductions.
#   bench     measured device-to-device bandwidth (fleetlp_gpu_bandwidth),
#             then per-iteration time of pdhg_iterate (fleetlp_pdhg_bench) on
#             generated LPs up to GPU_SIZES nonzeros, against the bandwidth
#             floor, and the CPU backend (2 threads) on CPU_SIZES.
#   peers     (only when named) fleetlp on the GPU against cuPDLPx:
#             bench/run_peers.py --gpu, cuPDLPx built from .whl/ (see
#             bench/README.md); PEERS_ARGS (default "--preset gpu"), resumable
#             across calls (results in $RESULTS/peers).
# The last thing printed is a short summary table (also summary.md).
#
# Environment:
#   BUILD_DIR      build folder (default build-gpu)
#   GPU_SIZES      nonzero counts for the GPU (default 1e6,4e6,16e6,50e6,100e6)
#   CPU_SIZES      nonzero counts for the CPU (default 1e6,4e6,16e6,50e6)
#   CPU_THREADS    CPU backend threads (default 2)
#   RESULTS        results folder (default bench/results/gpu/<device>-<date>)
#   EXPORT_DIR     also write results.tar.gz and summary.md there (e.g. $OUT)
#   FLEETLP_DATA_DIR  folder holding netlib/ etc.: tests that need it run
#   JOBS           build jobs (default nproc)
# Exit status: 0 when every stage run passed, 1 otherwise.
#
# On a leased machine with a 10-minute limit per command, run the stages in two
# calls that share one results folder (build outputs stay between calls):
#   RESULTS=bench/results/gpu/check EXPORT_DIR=$OUT bench/gpu_check.sh build test
#   RESULTS=bench/results/gpu/check EXPORT_DIR=$OUT bench/gpu_check.sh sanitize bench
# carrying .deb/ (bench/fetch_gpu_debs.sh, run beforehand where apt works).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

STAGES=("$@")
[[ ${#STAGES[@]} -eq 0 ]] && STAGES=(all)
want() {
  local s
  for s in "${STAGES[@]}"; do [[ $s == all || $s == "$1" ]] && return 0; done
  return 1
}

BUILD_DIR=${BUILD_DIR:-build-gpu}
GPU_SIZES=${GPU_SIZES:-1e6,4e6,16e6,50e6,100e6}
CPU_SIZES=${CPU_SIZES:-1e6,4e6,16e6,50e6}
CPU_THREADS=${CPU_THREADS:-2}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 4)}
MODEL=${MODEL:-datasets/examples/capacity_small.mps}

gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
[[ -z $gpu_name ]] && gpu_name=unknown-gpu
dev_tag=$(printf '%s' "$gpu_name" | tr -c 'A-Za-z0-9.\n' '-' | sed 's/--*/-/g; s/-$//')
RESULTS=${RESULTS:-bench/results/gpu/${dev_tag}-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.md # appended to: stages may run in separate calls with one RESULTS

failures=0
note() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }
pass() { note "- PASS $*"; }
fail() { note "- FAIL $*"; failures=$((failures + 1)); }
say() { printf '\n=== %s\n' "$*"; }

note "# fleetlp GPU check: $gpu_name, $(date -u '+%Y-%m-%d %H:%M UTC')"
note "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (modified)'), stages: ${STAGES[*]}"
note ""
{
  nvidia-smi 2>&1
  echo
  nvcc --version 2>&1
  echo
  cmake --version 2>&1 | head -1
} >"$RESULTS/machine.txt"

# ---- carried dependencies ----------------------------------------------------
# Unpacked into a private prefix, never over /. CMake finds them through
# HDF5_ROOT, GTest_DIR and CMAKE_PREFIX_PATH; our binaries through an RPATH
# (DT_RPATH, which also serves libhdf5's own dependencies) and LD_LIBRARY_PATH
# when we run them. cmake and ctest themselves run without LD_LIBRARY_PATH, so
# the carried libcurl/libssl cannot disturb the system's tools.
PREFIX=/tmp/fleetlp-deps
CMAKE_DEP_ARGS=()
RUN_LIBS=""
if [[ -d .deb ]] && compgen -G ".deb/*.deb" >/dev/null; then
  if [[ ! -f $PREFIX/.unpacked ]] || [[ -n $(find .deb -name '*.deb' -newer "$PREFIX/.unpacked" 2>/dev/null) ]]; then
    rm -rf "$PREFIX" && mkdir -p "$PREFIX"
    for f in .deb/*.deb; do
      if command -v dpkg >/dev/null; then
        dpkg -x "$f" "$PREFIX"
      else # no dpkg: a .deb is an ar archive holding data.tar.{xz,gz,zst}
        data=$(ar t "$f" | grep '^data\.tar')
        case $data in
          *.xz) z=-J ;; *.gz) z=-z ;; *.zst) z=--zstd ;; *) z= ;;
        esac
        ar p "$f" "$data" | tar -x $z -C "$PREFIX" -f -
      fi
    done
    touch "$PREFIX/.unpacked"
  fi
  LIBDIRS=("$PREFIX/usr/lib/x86_64-linux-gnu" "$PREFIX/lib/x86_64-linux-gnu")
  RUN_LIBS="${LIBDIRS[0]}:${LIBDIRS[1]}"
  link_flags="-Wl,--disable-new-dtags -Wl,-rpath-link,${LIBDIRS[0]} -Wl,-rpath-link,${LIBDIRS[1]}"
  CMAKE_DEP_ARGS=(
    "-DHDF5_ROOT=$PREFIX/usr/lib/x86_64-linux-gnu/hdf5/serial"
    "-DGTest_DIR=$PREFIX/usr/lib/x86_64-linux-gnu/cmake/GTest"
    "-DCMAKE_PREFIX_PATH=$PREFIX/usr"
    "-DCMAKE_BUILD_RPATH=${LIBDIRS[0]};${LIBDIRS[1]}"
    "-DCMAKE_EXE_LINKER_FLAGS=$link_flags"
    "-DCMAKE_SHARED_LINKER_FLAGS=$link_flags"
  )
  note "dependencies: $(ls .deb/*.deb | wc -l) packages from .deb/ unpacked in $PREFIX"
fi
# Runs one of our binaries with the carried libraries visible.
run_ours() { LD_LIBRARY_PATH="${RUN_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }

BIN=$BUILD_DIR/fleetlp
TESTS=$BUILD_DIR/tests/fleetlp_tests
PDHG_BENCH=$BUILD_DIR/bench/fleetlp_pdhg_bench
BW_BIN=$BUILD_DIR/bench/fleetlp_gpu_bandwidth

# ---- build -------------------------------------------------------------------
if want build; then
  say "build ($BUILD_DIR, -j$JOBS)"
  if cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DFLEETLP_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=native "${CMAKE_DEP_ARGS[@]}" >"$RESULTS/configure.log" 2>&1 &&
    cmake --build "$BUILD_DIR" -j"$JOBS" >"$RESULTS/build.log" 2>&1; then
    nwarn=$(grep -ci 'warning' "$RESULTS/build.log")
    pass "build ($nwarn warning lines in build.log)"
  else
    tail -30 "$RESULTS/configure.log" "$RESULTS/build.log" 2>/dev/null
    fail "build (see configure.log, build.log)"
  fi
fi

# ---- test --------------------------------------------------------------------
skipped_cuda() { grep -E '^\[  SKIPPED \] .*/cuda' "$1" | sort -u | wc -l; }
conformance() { # LABEL [VAR=VALUE...]: the conformance suite with an environment
  local label=$1 log="$RESULTS/conformance-$1.log"
  shift
  if env "$@" FLEETLP_REQUIRE_GPU=1 LD_LIBRARY_PATH="${RUN_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    timeout 900 "$TESTS" --gtest_filter='*Conformance*:*Registry*' >"$log" 2>&1 &&
    [[ $(skipped_cuda "$log") -eq 0 ]]; then
    pass "conformance $label: $(grep -E '^\[  PASSED  \]' "$log" | head -1)"
  else
    grep -E '^\[  (FAILED|SKIPPED) \]|Failure|error' "$log" | head -20
    fail "conformance $label (conformance-$label.log)"
  fi
}

if want test; then
  say "devices"
  run_ours "$BIN" devices 2>&1 | tee "$RESULTS/devices.txt"
  if grep -Eq '^cuda +usable' "$RESULTS/devices.txt"; then
    pass "cuda usable: $(grep -E '^cuda' "$RESULTS/devices.txt" | head -1)"
  else
    fail "cuda backend not usable (devices.txt)"
  fi

  say "ctest (FLEETLP_REQUIRE_GPU=1)"
  # ctest runs without LD_LIBRARY_PATH; the test binary finds the carried
  # libraries through its RPATH.
  if FLEETLP_REQUIRE_GPU=1 timeout 2400 ctest --test-dir "$BUILD_DIR" --output-on-failure \
    -j"$(((JOBS + 1) / 2))" >"$RESULTS/ctest.log" 2>&1; then
    pass "ctest: $(grep -E 'tests passed' "$RESULTS/ctest.log" | tail -1)"
  else
    grep -E 'tests passed|\*\*\*Failed|Not Run|Timeout' "$RESULTS/ctest.log" | tail -25
    fail "ctest: $(grep -E 'tests passed' "$RESULTS/ctest.log" | tail -1) (ctest.log)"
  fi
  if grep -Eq 'Skipped.*cuda|cuda.*Skipped' "$RESULTS/ctest.log"; then
    fail "ctest skipped cuda tests (ctest.log)"
  fi

  say "conformance: graphs on, graphs off, 64-bit indices"
  conformance default
  conformance nographs FLEETLP_CUDA_GRAPHS=0
  conformance index64 FLEETLP_CUDA_INDEX64=1

  say "small solve on GPU and CPU ($MODEL)"
  for d in gpu cpu; do
    run_ours timeout 600 "$BIN" solve "$MODEL" --device "$d" --tol 1e-6 \
      --json "$RESULTS/solve-$d.json" >"$RESULTS/solve-$d.log" 2>&1
    echo "exit $?" >>"$RESULTS/solve-$d.log"
  done
  jsum() { # FILE: "STATUS objective OBJ, N iterations, DEVICE"
    python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    print(d.get("status"), "objective", d.get("objective"), ",", d.get("iterations"), "iterations,", d.get("device"))
except Exception as e:
    print("no JSON summary:", e)' "$1" 2>&1
  }
  jg=$(jsum "$RESULTS/solve-gpu.json") jc=$(jsum "$RESULTS/solve-cpu.json")
  if [[ $jg == OPTIMAL* && $jc == OPTIMAL* && $jg == *cuda* ]]; then
    pass "solve $MODEL --tol 1e-6: gpu: $jg; cpu: $jc"
  else
    fail "solve $MODEL --tol 1e-6: gpu: $jg; cpu: $jc (solve-*.log)"
  fi
  if [[ -n ${FLEETLP_DATA_DIR:-} && -d ${FLEETLP_DATA_DIR}/netlib && -x bench/run_suite.py ]]; then
    say "netlib on the GPU (bench/run_suite.py --preset netlib-1e-4 --device gpu)"
    if run_ours timeout 3000 python3 bench/run_suite.py --preset netlib-1e-4 --device gpu \
      --cli "$BIN" --data "$FLEETLP_DATA_DIR" --out "$RESULTS" --label netlib-gpu \
      >"$RESULTS/netlib-gpu.log" 2>&1; then
      pass "netlib-1e-4 on gpu: $(grep -iE 'correct|wrong' "$RESULTS/netlib-gpu.md" | head -1)"
    else
      fail "netlib-1e-4 on gpu (netlib-gpu.log)"
    fi
  fi
fi

# ---- sanitize ----------------------------------------------------------------
if want sanitize; then
  SAN=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null | head -1)
  if [[ -z $SAN ]]; then
    fail "compute-sanitizer not found"
  else
    say "compute-sanitizer memcheck: small solve"
    if run_ours timeout 1200 "$SAN" --tool memcheck --leak-check full --error-exitcode 97 \
      "$BIN" solve "$MODEL" --device gpu --tol 1e-4 --json "$RESULTS/memcheck-solve.json" \
      >"$RESULTS/memcheck-solve.log" 2>&1; then
      pass "memcheck solve: $(grep -E 'ERROR SUMMARY' "$RESULTS/memcheck-solve.log" | tail -1)"
    else
      grep -E 'ERROR SUMMARY|Invalid|Error' "$RESULTS/memcheck-solve.log" | head -10
      fail "memcheck solve (memcheck-solve.log)"
    fi
    say "compute-sanitizer: conformance tests on cuda"
    for tool in memcheck racecheck synccheck initcheck; do
      filter='*Conformance*/cuda'
      [[ $tool != memcheck ]] && filter='*Conformance.DotAndNorms/cuda:*Conformance.KktSums*/cuda:*Conformance.PdhgIterate/cuda:*Conformance.MatNormsAndScale/cuda'
      log="$RESULTS/$tool-conformance.log"
      if FLEETLP_REQUIRE_GPU=1 run_ours timeout 1500 "$SAN" --tool "$tool" --error-exitcode 97 \
        "$TESTS" --gtest_filter="$filter" >"$log" 2>&1; then
        pass "$tool conformance: $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$log" | tail -1)"
      else
        grep -E 'SUMMARY|FAILED' "$log" | head -10
        fail "$tool conformance ($tool-conformance.log)"
      fi
    done
  fi
fi

# ---- bench -------------------------------------------------------------------
if want bench; then
  say "device-to-device copy bandwidth"
  bw=""
  if run_ours "$BW_BIN" 2048 20 >"$RESULTS/bandwidth.txt" 2>&1; then
    cat "$RESULTS/bandwidth.txt"
    bw=$(awk '$1 == "bandwidth_gbs" { print $2 }' "$RESULTS/bandwidth.txt")
    pass "bandwidth: $bw GB/s (read + write)"
  else
    cat "$RESULTS/bandwidth.txt"
    fail "bandwidth measurement (bandwidth.txt)"
  fi
  say "pdhg_iterate per-iteration time: cuda, sizes $GPU_SIZES"
  run_ours timeout 1800 "$PDHG_BENCH" --backend cuda --nnz "$GPU_SIZES" --count 64 --min-time 2 \
    --bandwidth "${bw:-0}" --header >"$RESULTS/pdhg-cuda.csv" 2>"$RESULTS/pdhg-cuda.log" ||
    fail "pdhg bench cuda (pdhg-cuda.log)"
  cat "$RESULTS/pdhg-cuda.csv"
  say "same without CUDA graphs (1e6, 16e6)"
  FLEETLP_CUDA_GRAPHS=0 run_ours timeout 600 "$PDHG_BENCH" --backend cuda --nnz 1e6,16e6 \
    --count 64 --min-time 2 --bandwidth "${bw:-0}" --header >"$RESULTS/pdhg-cuda-nographs.csv" \
    2>"$RESULTS/pdhg-cuda-nographs.log" || fail "pdhg bench cuda without graphs"
  cat "$RESULTS/pdhg-cuda-nographs.csv"
  say "pdhg_iterate per-iteration time: cpu ($CPU_THREADS threads), sizes $CPU_SIZES"
  run_ours timeout 2400 "$PDHG_BENCH" --backend cpu --threads "$CPU_THREADS" --nnz "$CPU_SIZES" \
    --count 4 --min-time 2 --header >"$RESULTS/pdhg-cpu.csv" 2>"$RESULTS/pdhg-cpu.log" ||
    fail "pdhg bench cpu (pdhg-cpu.log)"
  cat "$RESULTS/pdhg-cpu.csv"

  # Join on nnz: GPU time, floor, ratio, graph gain, CPU time, speed-up.
  {
    echo ""
    echo "PDHG iteration on $gpu_name, copy bandwidth ${bw:-?} GB/s (read + write)"
    echo ""
    awk -F, -v OFS=' | ' -v G="$RESULTS/pdhg-cuda.csv" -v N="$RESULTS/pdhg-cuda-nographs.csv" '
      FNR == 1 || $1 == "backend" { next }
      FILENAME == G { gpu[$5] = $9; bytes[$5] = $10; floor_[$5] = $13; ratio[$5] = $14; order[++n] = $5 }
      FILENAME == N { nog[$5] = $9 }
      FILENAME != G && FILENAME != N { cpu[$5] = $9; if (!(($5) in bytes)) { cbytes[$5] = $10; order[++n] = $5 } }
      END {
        print "| nnz", "MB/iter", "GPU us/iter", "floor us", "GPU/floor", "no-graph us", "CPU us/iter", "CPU/GPU |"
        print "|---", "---", "---", "---", "---", "---", "---", "---|"
        for (i = 1; i <= n; i++) {
          k = order[i]
          if (!(k in gpu)) {
            printf "| %s | (cpu %.1f) | - | - | - | - | %s | - |\n", k, cbytes[k] / 1e6, cpu[k]
            continue
          }
          printf "| %s | %.1f | %.1f | %.1f | %.2f | %s | %s | %s |\n", k, bytes[k] / 1e6, gpu[k],
            floor_[k], ratio[k], (k in nog) ? nog[k] : "-", (k in cpu) ? cpu[k] : "-",
            (k in cpu && gpu[k] > 0) ? sprintf("%.1f", cpu[k] / gpu[k]) : "-"
        }
      }' "$RESULTS/pdhg-cuda.csv" "$RESULTS/pdhg-cuda-nographs.csv" "$RESULTS/pdhg-cpu.csv"
  } >>"$SUMMARY"
fi

# ---- peers (only when named: needs .whl/ and device time) ----------------------
if [[ " ${STAGES[*]} " == *" peers "* ]]; then
  say "fleetlp on the GPU against cuPDLPx (bench/run_peers.py --gpu ${PEERS_ARGS:---preset gpu})"
  # shellcheck disable=SC2086 # PEERS_ARGS is a list of options
  if run_ours timeout "${PEERS_TIMEOUT:-540}" python3 bench/run_peers.py --gpu --wheels .whl --cli "$BIN" \
    --out "$RESULTS/peers" --resume ${PEERS_ARGS:---preset gpu} >>"$RESULTS/peers.log" 2>&1; then
    pass "peers: $(grep -E '^(fleetlp-gpu|cupdlpx) +solved' "$RESULTS/peers.log" | tail -2 | tr -s ' ' | paste -sd ';')"
  else
    fail "peers: not finished or failed (peers.log; run the stage again to resume)"
  fi
fi

# ---- summary -----------------------------------------------------------------
note ""
note "results: $RESULTS"
if [[ -n ${EXPORT_DIR:-} ]]; then
  mkdir -p "$EXPORT_DIR"
  tar -czf "$EXPORT_DIR/results.tar.gz" -C "$(dirname "$RESULTS")" "$(basename "$RESULTS")"
  cp "$SUMMARY" "$EXPORT_DIR/summary.md"
fi
say "summary"
cat "$SUMMARY"
[[ $failures -eq 0 ]]
