#!/usr/bin/env bash
# Replaces one generated section of a Markdown file, keeping the rest:
#
#   bench/section.sh FILE NAME < CONTENT
#
# The section is the text between the lines "<!-- begin NAME -->" and
# "<!-- end NAME -->" (the markers stay). A FILE without them gets the
# section appended. Benchmarks write bench/RESULTS.md this way, so each
# rewrites only its own figures and text written by hand survives.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 FILE NAME < CONTENT" >&2; exit 2; }
file=$1
begin="<!-- begin $2 -->"
end="<!-- end $2 -->"
new=$(mktemp)
trap 'rm -f "$new" "$new.out"' EXIT
cat >"$new"
touch "$file"

has() { grep -qxF -- "$1" "$file"; }
if has "$begin" && has "$end"; then
	awk -v b="$begin" -v e="$end" -v f="$new" '
		$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$file" >"$new.out"
elif has "$begin" || has "$end"; then
	echo "$0: $file has only one of the markers for section $2; fix it by hand" >&2
	exit 1
else
	{
		cat "$file"
		[ ! -s "$file" ] || echo
		echo "$begin"
		cat "$new"
		echo "$end"
	} >"$new.out"
fi
cat "$new.out" >"$file"
