#!/usr/bin/env bash
# The README's second command (and CI's): installs what the tests need (make,
# Go, libvirtd, QEMU, tmux, …), then runs every check and test (make test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
exec make test "$@"
