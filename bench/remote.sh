#!/usr/bin/env bash
# The remote-latency benchmark (bench/remote): virtnic vs virsh and
# virt-xml against a private libvirtd reached over qemu+tcp through a proxy
# that adds RTT of round trip (default 50 ms), with DOMAINS domains; and the
# CPU time of scanning SCAN_N test-driver domains (bench/gennode) for a free
# MAC, virtnic vs virt-xml; and virtnic list and check across MULTI_HOSTS
# such daemons at once (one -c each) against each alone.
#
#   bench/remote.sh                      RUNS=5 timed runs per command
#   RUNS=3 TUI_RUNS=2 bench/remote.sh    fewer runs
#   PARTS=scan bench/remote.sh           only the scan (PARTS="remote scan multi" is the default)
#   PARTS=multi bench/remote.sh          only the several-hosts part
#
# Needs root (the private libvirtd runs in its own mount namespace), libvirtd
# and QEMU, virsh, virt-xml and tmux: scripts/setup.sh test bench installs
# them. Writes the "remote", "scan-cpu" and "multi" sections of
# bench/RESULTS.md; the rest of the file is kept. It measures whatever ./cmd/virtnic is now.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
TUI_RUNS=${TUI_RUNS:-$RUNS}
DOMAINS=${DOMAINS:-200}
RUNNING=${RUNNING:-4}
RTT=${RTT:-50ms}
SCAN_N=${SCAN_N:-10000}
PARTS=${PARTS:-remote scan multi}
MULTI_HOSTS=${MULTI_HOSTS:-5}
OUT=${OUT:-bench/RESULTS.md}

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH="$PATH:/usr/local/go/bin"; fi
[ "$(id -u)" -eq 0 ] || { echo "bench: the remote benchmark starts a private libvirtd and needs root" >&2; exit 1; }
tools=(virsh libvirtd)
[ "$PARTS" = multi ] || tools+=(virt-xml tmux)
for tool in "${tools[@]}"; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
		{ echo "bench: $tool missing (scripts/setup.sh test bench installs it)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/virtnic" ./cmd/virtnic
go build -o "$work/remote" ./bench/remote
# What is measured: the last commit of virtnic's own code (not the
# benchmarks or the test daemon), marked when the work tree changes it.
code=(cmd model ui libvirtx ':!libvirtx/testdaemon' go.mod go.sum)
rev=$(git log -1 --format=%h -- "${code[@]}" 2>/dev/null || true)
[ -n "$rev" ] || rev=unknown
[ -z "$(git status --porcelain -- "${code[@]}" 2>/dev/null)" ] || rev="$rev with uncommitted changes"

args=(-virtnic "$work/virtnic" -runs "$RUNS" -tui-runs "$TUI_RUNS" -domains "$DOMAINS"
	-running "$RUNNING" -rtt "$RTT" -rev "$rev" -multi-hosts "$MULTI_HOSTS")
for part in $PARTS; do
	case $part in
	remote) args+=(-remote-out "$work/remote.md") ;;
	scan)
		echo "bench: generating $SCAN_N test-driver domains"
		go run ./bench/gennode -n "$SCAN_N" -o "$work/node.xml"
		args+=(-scan-out "$work/scan.md" -scan-node "$work/node.xml")
		;;
	multi) args+=(-multi-out "$work/multi.md") ;;
	*) echo "bench: PARTS: unknown part $part (remote, scan, multi)" >&2; exit 2 ;;
	esac
done

"$work/remote" "${args[@]}"

for section in remote scan multi; do
	f="$work/$section.md"
	[ -f "$f" ] || continue
	name=$section
	[ "$section" != scan ] || name=scan-cpu
	bench/section.sh "$OUT" "$name" <"$f"
	echo
	cat "$f"
done
echo "bench: wrote $OUT"
