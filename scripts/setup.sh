#!/usr/bin/env bash
# Installs (Debian/Ubuntu, apt-get) only the packages virtnic needs that are
# missing, and says which. Safe to run any number of times: when everything is
# there it changes nothing and does not touch the network.
#
#   scripts/setup.sh run    build and run virtnic (cgo + libvirt headers, libvirt0)
#   scripts/setup.sh test   + what the tests use: virsh, libvirtd + QEMU for the
#                           private test daemon, tmux for the TUI tests, iproute2
#                           for veth links, GNU time for the benchmark,
#                           bash-completion for the shell completion test
#   scripts/setup.sh bench  + virt-xml (virtinst), the remote benchmark's second peer
#
# Go itself is not installed from apt (Debian 12's is too old): it must be on
# PATH or at /usr/local/go/bin/go.
set -euo pipefail

run_pkgs=(libvirt-dev pkg-config libvirt0 gcc)
test_pkgs=("${run_pkgs[@]}" libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libvirt-clients tmux iproute2 time libvirt-l10n locales bash-completion groff-base)
bench_pkgs=("${test_pkgs[@]}" virtinst)

[ $# -gt 0 ] || set -- run
want=()
for s in "$@"; do
	case $s in
	run) want+=("${run_pkgs[@]}") ;;
	test) want+=("${test_pkgs[@]}") ;;
	bench) want+=("${bench_pkgs[@]}") ;;
	*)
		echo "usage: $0 [run|test|bench]..." >&2
		exit 2
		;;
	esac
done

# Go: on PATH, else the usual tarball location.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
	echo "setup: Go is not installed (not on PATH, no /usr/local/go/bin/go)." >&2
	echo "setup: install Go 1.24 or newer from https://go.dev/dl/ into /usr/local/go and run this again." >&2
	exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: this is not a Debian-like system (no dpkg-query/apt-get)." >&2
	echo "setup: install these yourself: ${want[*]}" >&2
	exit 1
fi

missing=()
declare -A seen=()
for p in "${want[@]}"; do
	[ -z "${seen[$p]:-}" ] || continue
	seen[$p]=1
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "setup: all ${#seen[@]} packages for '$*' are installed; $(go version)"
	exit 0
fi

echo "setup: installing missing packages: ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
		echo "setup: not root, using sudo"
	else
		echo "setup: these packages are missing and you are not root (and there is no sudo):" >&2
		echo "setup:   ${missing[*]}" >&2
		echo "setup: as root run:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
fi

APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
