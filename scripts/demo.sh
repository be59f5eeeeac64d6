#!/usr/bin/env bash
# The README's first command: installs what is missing (make, Go, the libvirt
# client library and headers), then runs virtnic on the built-in demo host:
# the terminal UI, or the CLI subcommand given, e.g.  scripts/demo.sh show router-fw
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
exec make demo ARGS="$*"
