#!/usr/bin/env bash
# Installs what fleetlp needs to build and test on Debian/Ubuntu (run as root or with sudo).
# The CUDA toolkit is optional: with nvcc on PATH the CUDA backend is built too.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config zlib1g-dev libgtest-dev googletest \
  libhdf5-dev hdf5-tools coinor-clp glpk-utils \
  python3 python3-numpy python3-scipy python3-h5py slurm-wlm munge >/dev/null
echo "fleetlp: dependencies installed"
