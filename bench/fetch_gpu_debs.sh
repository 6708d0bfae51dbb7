#!/usr/bin/env bash
# Downloads into .deb/ the Debian packages a GPU machine without package
# registries needs to build and test fleetlp: run it HERE (a Debian machine
# that reaches the registry), then carry .deb/ to the GPU machine, where
# bench/gpu_check.sh unpacks it with bench/unpack_debs.sh (dpkg -x into a
# private prefix, no installation; bench/test_deb_prefix.sh tests that path).
#
#   bench/fetch_gpu_debs.sh        # -> .deb/*.deb, listed with their sizes
#
# What is fetched:
#   - development packages, without their dependencies: headers, static
#     libraries, CMake config files (libhdf5-dev, libgtest-dev, googletest,
#     zlib1g-dev);
#   - the shared libraries they link to, with the closure of their Depends
#     (first alternative of each group), as `apt-cache depends` reports it:
#     libhdf5 needs libcurl4, libssl3, libsz2/libaec0, zlib1g, and libcurl4
#     a dozen more (krb5, ldap, gnutls, nghttp2, ...).
#   - never the C runtime every Linux already has (libc6, libgcc-s1,
#     libstdc++6, ...), which must not be replaced.
set -euo pipefail
cd "$(dirname "$0")/.."

DEV_PKGS=(libhdf5-dev libgtest-dev googletest zlib1g-dev)
RUNTIME_ROOTS=(libhdf5-103-1 libhdf5-hl-100 zlib1g)
SKIP_RE='^(libc6|libc6-dev|libc-dev-bin|libgcc-s1|libstdc\+\+6|gcc-[0-9]+-base|libcrypt1|libcrypt-dev|linux-libc-dev|debconf|dpkg|perl-base|tar|libselinux1|libpcre2-8-0)$'
OUT=.deb

if ! apt-cache show libhdf5-103-1 >/dev/null 2>&1; then
  echo "fetch_gpu_debs: refreshing the package lists (apt-get update)" >&2
  apt-get update -qq
fi

# The packages PKG depends on (Depends, PreDepends): the first alternative of
# each "a | b" group, the first provider of a virtual package.
deps_of() {
  apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
    --no-enhances "$1" 2>/dev/null | awk '
    /^ [ |](Pre)?Depends:/ {
      alt = ($0 ~ /^ \|/); name = $2; sub(/:.*/, "", name)
      if (ingroup) { if (!alt) ingroup = 0; want = 0; next }
      if (alt) ingroup = 1
      if (name ~ /^</) { want = 1; next }
      want = 0; print name; next
    }
    /^    [^ ]/ { if (want) { n = $1; sub(/:.*/, "", n); print n; want = 0 } next }'
}

declare -A seen=()
queue=("${RUNTIME_ROOTS[@]}")
runtime=()
while ((${#queue[@]})); do
  p=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${seen[$p]:-} ]] && continue
  seen[$p]=1
  [[ $p =~ $SKIP_RE ]] && continue
  runtime+=("$p")
  while read -r d; do
    [[ -n $d && -z ${seen[$d]:-} ]] && queue+=("$d")
  done < <(deps_of "$p")
done

pkgs=("${DEV_PKGS[@]}" "${runtime[@]}")
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
echo "fetch_gpu_debs: ${#pkgs[@]} packages: ${pkgs[*]}" >&2

mkdir -p "$OUT"
rm -f "$OUT"/*.deb
(
  cd "$OUT"
  apt-get download "${pkgs[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
)

missing=0
for p in "${pkgs[@]}"; do
  if ! compgen -G "$OUT/${p}_*.deb" >/dev/null; then
    echo "fetch_gpu_debs: MISSING $p" >&2
    missing=1
  fi
done

# .deb/ must never be committed (also in .gitignore), and the device tool
# carries only ignored paths: list it in the repository's info/exclude, which
# a worktree shares with its main checkout (there .git is a file, so ask git).
if exclude=$(git rev-parse --git-path info/exclude 2>/dev/null) &&
  ! grep -qx '/.deb/' "$exclude" 2>/dev/null; then
  mkdir -p "$(dirname "$exclude")" && echo '/.deb/' >>"$exclude"
fi

find "$OUT" -maxdepth 1 -name '*.deb' -printf '%s %f\n' | sort -k2 |
  awk '{ printf "  %8.1f KiB  %s\n", $1 / 1024, $2 }'
du -sh "$OUT"
exit "$missing"
