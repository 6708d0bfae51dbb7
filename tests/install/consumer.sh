#!/usr/bin/env bash
# Installs fleetlp from BUILD into a fresh prefix and builds examples/c_api
# against it twice, as a user would: with find_package(fleetlp) and with
# pkg-config. The program links the core library only, so neither build may
# put HDF5 on its link line; then it runs (solve, change bounds, solve again).
# FLAGS (optional): compiler and linker flags of a sanitized build's consumer.
set -euo pipefail
build=$1 source=$2 flags_extra=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
test -f "$work/prefix/include/fleetlp.h" && test -f "$work/prefix/lib/cmake/fleetlp/fleetlpConfig.cmake"

cmake -S "$source/examples/c_api" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags_extra" \
      -DCMAKE_EXE_LINKER_FLAGS="$flags_extra" >"$work/configure.log"
cmake --build "$work/cmake" --verbose >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
if grep -qi hdf5 "$work/build.log"; then echo "the core consumer's build mentions HDF5:"; grep -i hdf5 "$work/build.log"; exit 1; fi
"$work/cmake/resolve"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs fleetlp-core)
case "$flags" in *hdf5*) echo "pkg-config fleetlp-core names HDF5: $flags"; exit 1 ;; esac
cc -std=c11 $flags_extra -o "$work/resolve-pc" "$source/examples/c_api/resolve.c" $flags
"$work/resolve-pc"
pkg-config --exists fleetlp && pkg-config --libs fleetlp | grep -q fleetlp_fleet
echo "consumer: find_package and pkg-config builds ran"
