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
  python3 python3-numpy python3-scipy python3-h5py slurm-wlm munge \
  python3-venv python3-dev >/dev/null
# python3-venv and python3-dev: the README's test command builds the Python
# package (pip install ., a nanobind extension: Python.h) in a fresh venv
echo "fleetlp: dependencies installed"
