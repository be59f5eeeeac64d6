#!/usr/bin/env bash
# go test -race, in two runs:
#  - every package whose tests start no private libvirtd (none of its test
#    binary's packages is libvirtx/testdaemon), in parallel;
#  - the real-daemon packages one at a time (-p 1, as in make unit: two
#    daemons starting guests at once collide on macvtap names), except
#    ui/e2e, whose tests drive a separately built virtnic in tmux, so the
#    race detector would watch only the test's own side of the terminal.
# The second run costs about 80 s on 2 cores; RACE_DAEMON=0 skips it.
#   scripts/race.sh          run them
#   scripts/race.sh -list    print the packages of each run
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
TIMEOUT=${TEST_TIMEOUT:-20m}
skip_daemon='virtnic/ui/e2e'

# One line per test binary "P.test": its packages, its tests' imports included.
listing=$("$GO" list -test -f '{{.ImportPath}} {{join .Deps " "}}' ./...)
split() {
	awk -v want="$1" -v skip="$skip_daemon" '$1 ~ /\.test$/ {
		daemon = 0
		for (i = 2; i <= NF; i++) if ($i == "virtnic/libvirtx/testdaemon") daemon = 1
		pkg = substr($1, 1, length($1) - 5)
		if (want == "daemon" && daemon && pkg != skip) print pkg
		if (want == "plain" && !daemon) print pkg
	}' <<<"$listing" | sort
}
mapfile -t plain < <(split plain)
mapfile -t daemon < <(split daemon)
[ "${RACE_DAEMON:-1}" = 1 ] || daemon=()

if [ ${#plain[@]} -eq 0 ]; then
	echo "race: found no packages without real-daemon tests" >&2
	exit 1
fi
if [ "${1:-}" = -list ]; then
	printf 'plain  %s\n' "${plain[@]}"
	[ ${#daemon[@]} -eq 0 ] || printf 'daemon %s\n' "${daemon[@]}"
	exit 0
fi
echo "race: go test -race on ${#plain[@]} packages without real-daemon tests"
"$GO" test -race -count=1 -timeout "$TIMEOUT" "${plain[@]}"
if [ ${#daemon[@]} -gt 0 ]; then
	echo "race: go test -race -p 1 on the real-daemon packages ${daemon[*]#virtnic/}"
	"$GO" test -race -p 1 -count=1 -timeout "$TIMEOUT" "${daemon[@]}"
fi
