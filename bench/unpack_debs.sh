#!/usr/bin/env bash
# bench/unpack_debs.sh: unpack the carried Debian packages (.deb/, from
# bench/fetch_gpu_debs.sh) into a private prefix, never over /, and say how
# CMake and our binaries find them there. Used by bench/gpu_check.sh and
# tested by bench/test_deb_prefix.sh.
#
#   bench/unpack_debs.sh [--debs DIR] [--prefix DIR] [--force] [--keep-absolute-links]
#   bench/unpack_debs.sh --cmake-args [--prefix DIR]   one CMake argument a line
#   bench/unpack_debs.sh --lib-path [--prefix DIR]     the prefix's library folders, ':'-joined
#
# Defaults: --debs .deb, --prefix /tmp/fleetlp-deps. The prefix is unpacked
# again when a .deb is newer than its stamp (or with --force).
#
# After `dpkg -x` a package's absolute symlinks point outside the prefix:
# zlib1g-dev's usr/lib/x86_64-linux-gnu/libz.so -> /lib/x86_64-linux-gnu/libz.so.1.2.13
# dangles on a machine without zlib1g-dev (or points at the system's copy), and
# find_library skips a dangling link. Every absolute link is rewritten to a
# relative one into the prefix (trying the /usr-merged twin, /lib <-> /usr/lib,
# when the first is missing); links still dangling afterwards are listed
# (HDF5's C++ and Fortran .so links: those packages are not carried and not
# used). --keep-absolute-links skips the rewrite (to show the failure).
set -euo pipefail

DEBS=.deb
PREFIX=/tmp/fleetlp-deps
MODE=unpack
FORCE=0
FIX_LINKS=1
while (($#)); do
  case $1 in
    --debs) DEBS=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --force) FORCE=1; shift ;;
    --keep-absolute-links) FIX_LINKS=0; shift ;;
    --cmake-args) MODE=cmake; shift ;;
    --lib-path) MODE=libpath; shift ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unpack_debs: unknown argument $1" >&2; exit 2 ;;
  esac
done

MULTIARCH=x86_64-linux-gnu
LIBDIRS=("$PREFIX/usr/lib/$MULTIARCH" "$PREFIX/lib/$MULTIARCH")

if [[ $MODE == libpath ]]; then
  printf '%s:%s\n' "${LIBDIRS[0]}" "${LIBDIRS[1]}"
  exit 0
fi

if [[ $MODE == cmake ]]; then
  # HDF5_ROOT, GTest_DIR and CMAKE_PREFIX_PATH for the finders; an RPATH
  # (DT_RPATH, which also serves libhdf5's own dependencies, where DT_RUNPATH
  # would not) so that our binaries load the carried libraries without
  # LD_LIBRARY_PATH, which would also reach cmake and ctest themselves.
  link_flags="-Wl,--disable-new-dtags -Wl,-rpath-link,${LIBDIRS[0]} -Wl,-rpath-link,${LIBDIRS[1]}"
  printf '%s\n' \
    "-DHDF5_ROOT=$PREFIX/usr/lib/$MULTIARCH/hdf5/serial" \
    "-DHDF5_PREFER_PARALLEL=OFF" \
    "-DGTest_DIR=$PREFIX/usr/lib/$MULTIARCH/cmake/GTest" \
    "-DZLIB_ROOT=$PREFIX/usr" \
    "-DCMAKE_PREFIX_PATH=$PREFIX/usr" \
    "-DCMAKE_BUILD_RPATH=${LIBDIRS[0]};${LIBDIRS[1]}" \
    "-DCMAKE_EXE_LINKER_FLAGS=$link_flags" \
    "-DCMAKE_SHARED_LINKER_FLAGS=$link_flags"
  exit 0
fi

shopt -s nullglob
debs=("$DEBS"/*.deb)
if ((${#debs[@]} == 0)); then
  echo "unpack_debs: no .deb files in $DEBS (make them with bench/fetch_gpu_debs.sh)" >&2
  exit 1
fi

# The stamp lists the packages unpacked: the same list and none newer than
# the stamp means there is nothing to do.
stamp=$PREFIX/.unpacked
listing=$(printf '%s\n' "${debs[@]##*/}")
if ((FORCE == 0)) && [[ -f $stamp && $(cat "$stamp") == "$listing" ]] &&
  [[ -z $(find "$DEBS" -type f -name '*.deb' -newer "$stamp") ]]; then
  echo "unpack_debs: $PREFIX is up to date (${#debs[@]} packages)"
  exit 0
fi

rm -rf "$PREFIX"
mkdir -p "$PREFIX"
for f in "${debs[@]}"; do
  if command -v dpkg >/dev/null; then
    dpkg -x "$f" "$PREFIX"
  else # no dpkg: a .deb is an ar archive holding data.tar.{xz,gz,zst}
    data=$(ar t "$f" | grep '^data\.tar')
    z=()
    case $data in
      *.xz) z=(-J) ;; *.gz) z=(-z) ;; *.zst) z=(--zstd) ;;
    esac
    ar p "$f" "$data" | tar -x "${z[@]}" -C "$PREFIX" -f -
  fi
done

# Absolute links -> relative links into the prefix.
fixed=0 unresolved=0
if ((FIX_LINKS)); then
  while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    candidates=("$PREFIX$target")
    case $target in
      /usr/lib/*) candidates+=("$PREFIX${target#/usr}") ;;
      /lib/*) candidates+=("$PREFIX/usr$target") ;;
    esac
    inside=""
    for cand in "${candidates[@]}"; do
      if [[ -e $cand ]]; then inside=$cand; break; fi
    done
    if [[ -z $inside ]]; then
      echo "unpack_debs: $link -> $target: no such file in the prefix either; left as is" >&2
      unresolved=$((unresolved + 1))
      continue
    fi
    rel=$(realpath -m --relative-to="$(dirname "$link")" "$inside")
    ln -sfn "$rel" "$link"
    echo "unpack_debs: ${link#"$PREFIX"/} -> $target  now -> $rel"
    fixed=$((fixed + 1))
  done < <(find "$PREFIX" -type l -lname '/*' -print0)
fi

dangling=$(find "$PREFIX" -xtype l | wc -l)
echo "unpack_debs: ${#debs[@]} packages in $PREFIX; $fixed absolute links rewritten," \
  "$unresolved left; $dangling links dangle (listed below)"
find "$PREFIX" -xtype l -printf '  dangling: %P -> %l\n' | sort
printf '%s\n' "$listing" >"$stamp"
