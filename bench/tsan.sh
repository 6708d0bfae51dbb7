#!/usr/bin/env bash
# ThreadSanitizer over concurrent solves (tests/test_concurrency.cpp, issue 22).
#
#   bench/tsan.sh [BUILD_DIR]     (default build-tsan)
#
# Builds the tests with clang -fsanitize=thread (CPU backend only) and runs
# the suites that solve from several threads at once: eight threads, each
# solving its own in-memory LP through flp_solve or a solver object, and the
# solver interrupted from another thread. One CPU thread per solve: libgomp
# is not built for ThreadSanitizer and would report its own barriers as races
# (its false positives), and with one thread it starts none. Any report makes
# the run fail (halt_on_error); the summary goes to stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-build-tsan}"
cd "$ROOT"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLEETLP_CUDA=OFF \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
    -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
fi
nice cmake --build "$BUILD" -j2 --target fleetlp_tests >/dev/null
FILTER='Concurrency.*:SolverObject.Interrupt*'
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4"
export OMP_NUM_THREADS=1
set +e
"$BUILD/tests/fleetlp_tests" --gtest_filter="$FILTER" 2>&1 | tee "$BUILD/tsan.log" | \
  grep -E '^\[ +(OK|FAILED|PASSED) +\]|ThreadSanitizer|SUMMARY'
status=${PIPESTATUS[0]}
set -e
races=$(grep -c 'WARNING: ThreadSanitizer' "$BUILD/tsan.log" || true)
echo "tsan: exit $status, $races ThreadSanitizer reports (log: $BUILD/tsan.log)"
exit $status
