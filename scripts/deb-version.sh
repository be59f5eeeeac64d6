#!/usr/bin/env bash
# Maps `git describe --always --dirty` to a Debian version that sorts the way
# the commits do:
#   v1.2.3               -> 1.2.3
#   v1.2.3-rc1           -> 1.2.3~rc1            (a pre-release sorts before 1.2.3)
#   v1.2.3-4-gabc1234    -> 1.2.3+4.gabc1234     (4 commits after the tag)
#   abc1234 (no tag)     -> 0.0~git20250102030405.gabc1234   (commit time, UTC)
#   any of them -dirty   -> the same +dirty
#
#   scripts/deb-version.sh DESCRIBE COMMIT COMMIT_TIME
# COMMIT is the full commit id (it tells a bare abbreviated id from a tag made
# of digits), COMMIT_TIME its Unix time. Exit 1 if no valid version comes out.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 DESCRIBE COMMIT COMMIT_TIME" >&2
	exit 2
fi
v=$1 commit=$2 when=$3

dirty=
if [[ $v == *-dirty ]]; then
	dirty=+dirty
	v=${v%-dirty}
fi

tagged='^v?([0-9][A-Za-z0-9.+~-]*)$'
after_tag='^v?([0-9][A-Za-z0-9.+~-]*)-([0-9]+)-g([0-9a-f]+)$'
if [ -n "$commit" ] && [[ $commit == "$v"* ]] && [[ $v =~ ^[0-9a-f]+$ ]]; then
	deb="0.0~git$(date -u -d "@$when" +%Y%m%d%H%M%S).g$v"
elif [[ $v =~ $after_tag ]]; then
	base=${BASH_REMATCH[1]}
	deb="${base//-/\~}+${BASH_REMATCH[2]}.g${BASH_REMATCH[3]}"
elif [[ $v =~ $tagged ]]; then
	base=${BASH_REMATCH[1]}
	deb=${base//-/\~}
else
	echo "deb-version: cannot map '$1' to a Debian version" >&2
	exit 1
fi
deb+=$dirty

# Debian policy: an upstream version without a Debian revision is digits
# first, then alphanumerics and . + ~ (no hyphen, no colon).
if ! [[ $deb =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
	echo "deb-version: '$1' gave '$deb', not a valid Debian version" >&2
	exit 1
fi
echo "$deb"
