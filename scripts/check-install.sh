#!/usr/bin/env bash
# make install into a temporary DESTDIR with the default PREFIX (/usr/local):
# exactly the binary (stamped with the VERSION make passed), one man page per
# command, and the bash, zsh and fish completions, each where its shell looks
# and each working; then make uninstall removes every file again. Nothing
# outside the temporary directory is written.
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
. scripts/package-checks.sh

tmp=$(mktemp -d /tmp/virtnic-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
want_version=$(git describe --always --dirty 2>/dev/null || echo unknown)-checkinstall

$MAKE -s --no-print-directory install DESTDIR="$dest" BUILDDIR="$tmp/build" VERSION="$want_version" >"$tmp/make.log" 2>&1 ||
	fail "make install failed:
$(cat "$tmp/make.log")"
p=$dest/usr/local
bin=$p/bin/virtnic

mapfile -t pages < <(man_pages "$bin" usr/local/share/man/man1 .1)
check_files "$dest" usr/local/bin/virtnic \
	usr/local/share/bash-completion/completions/virtnic \
	usr/local/share/zsh/site-functions/_virtnic \
	usr/local/share/fish/vendor_completions.d/virtnic.fish \
	"${pages[@]}"
check_modes "$dest" usr/local/bin/virtnic
check_version "$bin" "$want_version"
check_man_pages "$p/share/man/man1" .1 cat
check_completions "$bin" "$p/share/bash-completion/completions/virtnic" \
	"$p/share/zsh/site-functions/_virtnic" "$p/share/fish/vendor_completions.d/virtnic.fish"

check_demo_list "$bin"
n=$(find "$dest" -type f | wc -l)

$MAKE -s --no-print-directory uninstall DESTDIR="$dest" >/dev/null
left=$(find "$dest" -not -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "check-install: make install put $n files under PREFIX, each in place and working; make uninstall removed them"
