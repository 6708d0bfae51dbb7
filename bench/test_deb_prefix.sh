#!/usr/bin/env bash
# bench/test_deb_prefix.sh: proves, on a machine that has the -dev packages
# installed, that a build finds HDF5, zlib and GoogleTest in the carried
# prefix alone, as it must on the GPU machine, where they are not installed.
#
#   bench/test_deb_prefix.sh [--no-build] [--debs DIR]
#
# In a private mount namespace (unshare -m; needs root) overlays on
# /usr/include, /usr/lib/x86_64-linux-gnu and /usr/bin hide the system's
# headers, static and shared libraries and CMake files of zlib, HDF5 and
# GoogleTest (and HDF5's libsz/libaec, and the h5cc wrappers) from the
# compiler, the linker and CMake alike; the runtime libz.so.1 stays, as on
# any Linux, but under another file name than the carried version's, as on a
# machine with another zlib release. Nothing outside the namespace changes.
# Then:
#   1. unpack .deb/ with the absolute links kept (the old way): the prefix's
#      libz.so link dangles, and find_library skips it (here it falls back
#      to the static libz.a beside it);
#   2. unpack with bench/unpack_debs.sh: configure (CUDA off; the CUDA part of
#      the configuration does not look for these packages) must pass with
#      every HDF5, zlib and GTest path inside the prefix;
#   3. (unless --no-build) build fleetlp and fleetlp_tests, show with ldd
#      that libhdf5, libz, libsz and libaec load from the prefix, solve a
#      small LP and write its HDF5 solution, run a few tests.
# Exit status 0 when all of that holds, 1 when something did not, 77 when
# the test cannot run here (not root, no unshare or overlayfs, no .deb/).
# Output: a log fit to commit, e.g. bench/results/gpu/deb-prefix-test.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=1
DEBS=.deb
INSIDE=0
WORK=""
while (($#)); do
  case $1 in
    --no-build) BUILD=0; shift ;;
    --debs) DEBS=$2; shift 2 ;;
    --inside) INSIDE=1; WORK=$2; shift 2 ;; # internal: already in the namespace
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "test_deb_prefix: unknown argument $1" >&2; exit 2 ;;
  esac
done

MA=x86_64-linux-gnu

if ((INSIDE == 0)); then
  if [[ $(id -u) -ne 0 ]] || ! command -v unshare >/dev/null; then
    echo "test_deb_prefix: SKIP: needs root and unshare (a private mount namespace)"
    exit 77
  fi
  if ! compgen -G "$DEBS/*.deb" >/dev/null; then
    echo "test_deb_prefix: SKIP: no packages in $DEBS (bench/fetch_gpu_debs.sh makes them)"
    exit 77
  fi
  WORK=$(mktemp -d /tmp/fleetlp-debtest.XXXXXX)
  [[ -n ${KEEP_WORK:-} ]] || trap 'rm -rf "$WORK"' EXIT
  echo "# bench/test_deb_prefix.sh, $(date -u '+%Y-%m-%d %H:%M UTC')," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (modified)')"
  # shellcheck disable=SC1091 # the system's os-release
  echo "# $(. /etc/os-release && echo "$PRETTY_NAME"), $(cmake --version | head -1)," \
    "$(find "$DEBS" -type f -name '*.deb' | wc -l) packages in $DEBS ($(du -sh "$DEBS" | cut -f1))"
  args=(--inside "$WORK" --debs "$DEBS")
  ((BUILD)) || args+=(--no-build)
  rc=0
  unshare -m --propagation private bash "$0" "${args[@]}" || rc=$?
  exit "$rc"
fi

# ---- inside the namespace ------------------------------------------------------
failures=0
ok() { echo "PASS: $*"; }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

# An overlay whose upper layer holds whiteouts for the removed entries.
hide() { # DIR ENTRY...
  local dir=$1 tag
  shift
  tag=$(printf '%s' "$dir" | tr '/' '_')
  mkdir -p "$WORK/ovl/$tag/up" "$WORK/ovl/$tag/work"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$WORK/ovl/$tag/up,workdir=$WORK/ovl/$tag/work" "$dir"
  local e
  for e in "$@"; do
    # globs are expanded inside dir (the caller quotes them)
    # shellcheck disable=SC2086
    (cd "$dir" && rm -rf -- $e)
  done
}

echo
echo "## 0. the system's copies hidden (overlays with whiteouts, this namespace only)"
if ! hide /usr/include zlib.h zconf.h hdf5 gtest gmock 2>"$WORK/mount.err"; then
  echo "test_deb_prefix: SKIP: cannot mount an overlay here: $(cat "$WORK/mount.err")"
  exit 77
fi
hide "/usr/lib/$MA" libz.so libz.a 'libhdf5*' hdf5 'libsz.*' 'libaec.*' 'libgtest*' 'libgmock*' \
  cmake/GTest pkgconfig/zlib.pc 'pkgconfig/hdf5*.pc' 'pkgconfig/gtest*.pc' 'pkgconfig/gmock*.pc'
hide /usr/bin 'h5cc*' 'h5c++*' 'h5pcc*' 'h5fc*'
# The GPU machine's zlib runtime need not be the carried version (Ubuntu 22.04
# has 1.2.11): give the runtime another file name here too, so that the
# carried libz.so's absolute link to /lib/.../libz.so.<carried version>
# dangles as it does there. libz.so.1 still loads, for the system's tools.
zreal=$(readlink "/usr/lib/$MA/libz.so.1")
(cd "/usr/lib/$MA" && cp -p "$zreal" libz.so.1.0.0-other && ln -sfn libz.so.1.0.0-other libz.so.1 &&
  rm -f "$zreal")
for p in /usr/include/zlib.h /usr/include/hdf5 /usr/include/gtest "/usr/lib/$MA/libz.so" \
  "/usr/lib/$MA/libhdf5_serial.so" "/usr/lib/$MA/hdf5" "/usr/lib/$MA/libgtest.a" \
  "/usr/lib/$MA/cmake/GTest" "/usr/lib/$MA/libsz.so.2" /usr/bin/h5cc; do
  if [[ -e $p || -L $p ]]; then bad "still visible: $p"; else echo "  hidden: $p"; fi
done
echo "  hidden: /usr/lib/$MA/$zreal (the runtime is libz.so.1 -> $(readlink "/usr/lib/$MA/libz.so.1") here)"

configure() { # PREFIX BUILD_DIR LOG
  local prefix=$1 bdir=$2 log=$3
  local dep_args
  mapfile -t dep_args < <(bench/unpack_debs.sh --cmake-args --prefix "$prefix")
  cmake -S . -B "$bdir" -DCMAKE_BUILD_TYPE=Release -DFLEETLP_CUDA=OFF "${dep_args[@]}" >"$log" 2>&1
}

echo
echo "## 1. the old unpack (absolute links kept): the prefix's libz.so is not found"
P1=$WORK/prefix-absolute
bench/unpack_debs.sh --debs "$DEBS" --prefix "$P1" --keep-absolute-links | tail -1
echo "  $(find "$P1" -name libz.so -printf '%P -> %l')" \
  "($(test -e "$P1/usr/lib/$MA/libz.so" && echo resolves || echo dangles))"
configure "$P1" "$WORK/build-absolute" "$WORK/configure-absolute.log" || true
zlib1=$(sed -n 's/^ZLIB_LIBRARY_RELEASE:FILEPATH=//p' "$WORK/build-absolute/CMakeCache.txt" 2>/dev/null)
if [[ $zlib1 == "$P1/usr/lib/$MA/libz.so" ]]; then
  bad "the dangling libz.so link was used: the hiding does not work"
else
  # find_library skips the dangling link and takes what else it finds: the
  # static libz.a next to it (or nothing, or a system copy on other machines).
  ok "find_library skipped the dangling libz.so; ZLIB_LIBRARY=${zlib1:-not found}"
  grep -E 'Found ZLIB|Could NOT find ZLIB' "$WORK/configure-absolute.log" | sed 's/^/    /' || true
fi

echo
echo "## 2. bench/unpack_debs.sh: configure must find everything in the prefix"
P2=$WORK/prefix
bench/unpack_debs.sh --debs "$DEBS" --prefix "$P2" | sed 's/^/  /'
if [[ -n $(find "$P2" -type l -lname '/*') ]]; then
  bad "absolute links left in the prefix: $(find "$P2" -type l -lname '/*' | tr '\n' ' ')"
else
  ok "no absolute link left in the prefix"
fi
B=$WORK/build
if configure "$P2" "$B" "$WORK/configure.log"; then
  ok "configure"
else
  bad "configure (log below)"
  tail -30 "$WORK/configure.log"
fi
grep -E '^-- (Found|fleetlp)' "$WORK/configure.log" | sed 's/^/    /' || true
if [[ -f $B/CMakeCache.txt ]]; then
  echo "  from CMakeCache.txt:"
  while IFS= read -r line; do
    key=${line%%=*} val=${line#*=}
    echo "    $key=$val"
    for path in ${val//;/ }; do
      case $path in
        /*) [[ $path == "$P2"/* ]] || bad "$key points outside the prefix: $path" ;;
      esac
    done
  done < <(grep -E '^(ZLIB_LIBRARY_RELEASE|ZLIB_INCLUDE_DIR|HDF5_hdf5_LIBRARY_RELEASE|HDF5_C_INCLUDE_DIR|GTest_DIR)(:[A-Z]+)?=' "$B/CMakeCache.txt" | grep -v '=$' | grep -v 'NOTFOUND')
  for key in ZLIB_LIBRARY_RELEASE HDF5_hdf5_LIBRARY_RELEASE HDF5_C_INCLUDE_DIR GTest_DIR; do
    grep -Eq "^$key(:[A-Z]+)?=$P2/" "$B/CMakeCache.txt" || bad "$key is not in the prefix"
  done
  if grep -Eq "^ZLIB_LIBRARY_RELEASE:FILEPATH=$P2/usr/lib/$MA/libz.so$" "$B/CMakeCache.txt"; then
    ok "zlib is the prefix's shared libz.so"
  else
    bad "zlib is not the prefix's libz.so"
  fi
fi

if ((BUILD)) && ((failures == 0)); then
  echo
  echo "## 3. build, load, solve, test"
  t0=$(date +%s)
  if nice cmake --build "$B" -j"$(nproc)" --target fleetlp fleetlp_tests >"$WORK/build.log" 2>&1; then
    ok "built fleetlp and fleetlp_tests in $(($(date +%s) - t0)) s" \
      "($(grep -c 'warning' "$WORK/build.log" || true) warning lines)"
  else
    bad "build"
    tail -30 "$WORK/build.log"
  fi
  if [[ -x $B/fleetlp ]]; then
    echo "  ldd fleetlp (the carried libraries):"
    ldd "$B/fleetlp" | grep -E 'hdf5|libz|libsz|libaec|libcurl' | sed 's/ (0x[0-9a-f]*)//; s/^/    /'
    for lib in libhdf5_serial.so libz.so.1 libsz.so libaec.so; do
      where=$(ldd "$B/fleetlp" | awk -v l="$lib" 'index($1, l) == 1 { print $3; exit }')
      if [[ $where == "$P2"/* ]]; then ok "$lib from the prefix"; else bad "$lib from ${where:-nowhere}"; fi
    done
    if "$B/fleetlp" solve datasets/examples/capacity_small.mps --device cpu --quiet \
      --solution "$WORK/sol.h5" --json "$WORK/sol.json" && [[ -s $WORK/sol.h5 ]]; then
      ok "solve with an HDF5 solution: $(tr -d '\n' <"$WORK/sol.json" | grep -oE '"status": *"[A-Z_]+"|"objective": *[-0-9.e+]+' | paste -sd ' ')"
    else
      bad "solve datasets/examples/capacity_small.mps"
    fi
  fi
  if [[ -x $B/tests/fleetlp_tests ]]; then
    if "$B/tests/fleetlp_tests" --gtest_filter='Hdf5Io.*:FaultBackend*:BackendRegistry.*' \
      >"$WORK/tests.log" 2>&1; then
      ok "fleetlp_tests (GoogleTest from the prefix): $(grep -E '^\[  PASSED  \]' "$WORK/tests.log")"
    else
      bad "fleetlp_tests"
      grep -E 'FAILED|Failure' "$WORK/tests.log" | head -10
    fi
  fi
fi

echo
if ((failures == 0)); then
  echo "RESULT: PASS (HDF5, zlib and GoogleTest found in the carried prefix alone)"
  exit 0
fi
echo "RESULT: FAIL ($failures checks)"
exit 1
