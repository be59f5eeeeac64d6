#!/usr/bin/env bash
# Installs (Debian/Ubuntu, apt-get) only the packages virtnic needs that are
# missing, and says which. Safe to run any number of times: when everything is
# there it changes nothing and does not touch the network.
#
#   scripts/setup.sh run    build and run virtnic (cgo + libvirt headers, libvirt0)
#   scripts/setup.sh test   + what the tests use: virsh, libvirtd + QEMU for the
#                           private test daemon, tmux for the TUI tests, iproute2
#                           for veth links, GNU time for the benchmark,
#                           bash-completion for the shell completion test,
#                           openssh-server for the private sshd of the ssh tests
#   scripts/setup.sh bench  + virt-xml (virtinst), the remote benchmark's second peer
#
# Go is not taken from apt (Debian 12's is too old): without a Go as new as
# go.mod asks on PATH or at /usr/local/go, the pinned toolchain below is
# fetched from the Go module proxy (the same place the modules come from),
# checked against its SHA-256 and unpacked into /usr/local/go.
set -euo pipefail

run_pkgs=(make libvirt-dev pkg-config libvirt0 gcc)
test_pkgs=("${run_pkgs[@]}" libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libvirt-clients tmux iproute2 time libvirt-l10n locales bash-completion groff-base openssh-server)
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

# Go: on PATH, else the usual tarball location; too old or none means the
# pinned toolchain, which needs curl and unzip to fetch.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="$PATH:/usr/local/go/bin"
fi
need_go=0
go_want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$(dirname "$0")/../go.mod")
if ! command -v go >/dev/null 2>&1; then
	need_go=1
else
	go_have=$(go env GOVERSION | sed 's/^go//')
	[ "$(printf '%s\n%s\n' "$go_want" "$go_have" | sort -V | head -1)" = "$go_want" ] || need_go=1
fi
if [ $need_go = 1 ]; then
	for p in ca-certificates curl unzip; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || missing+=("$p")
	done
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_go = 0 ]; then
	echo "setup: all ${#seen[@]} packages for '$*' are installed; $(go version)"
	exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
		echo "setup: not root, using sudo"
	else
		echo "setup: packages are missing (${missing[*]:-none}) or Go is (need $go_want), and you are not root (and there is no sudo):" >&2
		echo "setup: run this script as root" >&2
		exit 1
	fi
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing missing packages: ${missing[*]}"
	APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
	"${APT[@]}" update -qq
	"${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
	echo "setup: installed ${missing[*]}"
fi
[ $need_go = 0 ] || "$(dirname "$0")/install-go.sh" "${SUDO[@]}"
echo "setup: $(PATH="$PATH:/usr/local/go/bin" go version)"
