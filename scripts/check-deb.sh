#!/usr/bin/env bash
# make deb, then the package checked and installed the way dpkg installs it,
# without touching this machine's own packages:
#  - git describe -> Debian version mapping, checked with dpkg's own
#    version comparison;
#  - the control fields (Depends: libvirt0 (>= 9.0), the version), every
#    file owned by root;
#  - dpkg --root into a temporary root whose package database holds this
#    machine's libvirt0, so Depends is checked against the libvirt really
#    installed here (and refused in an empty database); then the installed
#    virtnic --version and --demo list, the man pages and the completions;
#  - dpkg --root -r removes every file again;
#  - this machine's dpkg database and log are byte-identical afterwards.
# dpkg --root needs root; without it (and outside CI) that part is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
. scripts/package-checks.sh

# Each line: git describe output, then the Debian version it must map to.
check_version_mapping() {
	local commit=5e278a6f00000000000000000000000000000000 when=1735786800 # 2025-01-02 03:00:00 UTC
	local describe want got
	while read -r describe want; do
		got=$(scripts/deb-version.sh "$describe" "$commit" "$when") ||
			fail "deb-version.sh refused $describe"
		[ "$got" = "$want" ] || fail "deb-version.sh $describe gave $got, want $want"
		dpkg --validate-version "$got" || fail "$got is not a valid Debian version"
	done <<-'TABLE'
		v1.2.3                  1.2.3
		1.2.3                   1.2.3
		v1.2.3-rc1              1.2.3~rc1
		v1.2.3-4-gabc1234       1.2.3+4.gabc1234
		v1.2.3-4-gabc1234-dirty 1.2.3+4.gabc1234+dirty
		5e278a6                 0.0~git20250102030000.g5e278a6
		5e278a6-dirty           0.0~git20250102030000.g5e278a6+dirty
		20250101                20250101
	TABLE
	! scripts/deb-version.sh "no_digit" "$commit" "$when" 2>/dev/null || fail "deb-version.sh took a tag without a leading digit"
	# Later commits sort later; a release sorts after its pre-releases and
	# after every untagged commit.
	local order=(0.0~git20250102030000.g5e278a6 0.0~git20250103030000.g1234567 1.2.3~rc1 1.2.3
		1.2.3+4.gabc1234 1.2.3+4.gabc1234+dirty 1.2.3+5.g1234567 1.2.4)
	local i
	for ((i = 1; i < ${#order[@]}; i++)); do
		dpkg --compare-versions "${order[i - 1]}" lt "${order[i]}" ||
			fail "Debian versions do not sort: ${order[i - 1]} >= ${order[i]}"
	done
}

host_state() {
	sha256sum /var/lib/dpkg/status
	[ ! -e /var/log/dpkg.log ] || sha256sum /var/log/dpkg.log
	dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' virtnic 2>/dev/null || true
}

# new_root DIR STATUS: an empty dpkg root with STATUS as its database (the
# packages in it own no files there).
new_root() {
	local db=$1/var/lib/dpkg p
	mkdir -p "$db/info" "$db/updates" "$db/triggers"
	cp "$2" "$db/status"
	: >"$db/available"
	for p in $(dpkg-query --admindir="$db" -W -f='${binary:Package}\n' 2>/dev/null || true); do
		: >"$db/info/$p.list"
	done
}

dpkg_in() {
	local root=$1
	shift
	dpkg --root="$root" --log="$tmp/dpkg.log" "$@"
}

check_version_mapping

tmp=$(mktemp -d /tmp/virtnic-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
before=$(host_state)

version=$(git describe --always --dirty)
$MAKE -s --no-print-directory deb BUILDDIR="$tmp/build" VERSION="$version" >"$tmp/make.log" 2>&1 ||
	fail "make deb failed:
$(cat "$tmp/make.log")"
debs=("$tmp"/build/*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then
	fail "make deb made ${#debs[@]} packages: ${debs[*]}"
fi
deb=${debs[0]}
debver=$(scripts/deb-version.sh "$version" "$(git rev-parse HEAD)" "$(git log -1 --format=%ct)")
arch=$(dpkg --print-architecture)

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(basename "$deb")" = "virtnic_${debver}_${arch}.deb" ] || fail "package is named $(basename "$deb")"
[ "$(field Package)" = virtnic ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$debver" ] || fail "Version: $(field Version), want $debver"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ "$(field Depends)" = "libvirt0 (>= 9.0)" ] || fail "Depends: $(field Depends)"
notroot=$(dpkg-deb -c "$deb" | awk '$2 != "root/root"')
[ -z "$notroot" ] || fail "files not owned by root:root: $notroot"

# The files, unpacked as dpkg -x does: the same checks as make install's.
dpkg-deb -x "$deb" "$tmp/x"
mapfile -t pages < <(man_pages "$tmp/x/usr/bin/virtnic" usr/share/man/man1 .1.gz)
check_files "$tmp/x" usr/bin/virtnic \
	usr/share/bash-completion/completions/virtnic \
	usr/share/zsh/vendor-completions/_virtnic \
	usr/share/fish/vendor_completions.d/virtnic.fish \
	"${pages[@]}"
check_modes "$tmp/x" usr/bin/virtnic

if [ "$(id -u)" -ne 0 ] && [ "${CI:-}" != true ]; then
	echo "check-deb: $(basename "$deb") built and checked; installing it with dpkg --root needs root: skipped"
	exit 0
fi

# An empty database has no libvirt0: dpkg must refuse to configure virtnic.
new_root "$tmp/bare" /dev/null
if out=$(dpkg_in "$tmp/bare" -i "$deb" 2>&1); then
	fail "dpkg installed virtnic where libvirt0 is not installed"
fi
grep -q 'depends on libvirt0' <<<"$out" || fail "dpkg's refusal does not name libvirt0: $out"

# A database holding this machine's own libvirt0 entry: Depends is checked
# against the libvirt really installed here.
root=$tmp/root
awk -v RS= -v ORS='\n\n' '$0 ~ /(^|\n)Package: libvirt0\n/' /var/lib/dpkg/status >"$tmp/status"
grep -q '^Status: install ok installed$' "$tmp/status" || fail "libvirt0 is not installed here (scripts/setup.sh run installs it)"
new_root "$root" "$tmp/status"
dpkg_in "$root" -i "$deb" >"$tmp/dpkg.out" 2>&1 || fail "dpkg -i: $(cat "$tmp/dpkg.out")"
! grep -qi 'warning' "$tmp/dpkg.out" || fail "dpkg -i warned: $(cat "$tmp/dpkg.out")"
[ "$(dpkg-query --root="$root" -W -f='${db:Status-Abbrev}|${Version}' virtnic)" = "ii |$debver" ] ||
	fail "virtnic is not installed in $root: $(dpkg-query --root="$root" -W virtnic 2>&1)"

bin=$root/usr/bin/virtnic
check_version "$bin" "$version"
check_demo_list "$bin"
check_man_pages "$root/usr/share/man/man1" .1.gz zcat
check_completions "$bin" "$root/usr/share/bash-completion/completions/virtnic" \
	"$root/usr/share/zsh/vendor-completions/_virtnic" "$root/usr/share/fish/vendor_completions.d/virtnic.fish"
n=$(dpkg-query --root="$root" -L virtnic | while read -r f; do [ -f "$root$f" ] && echo "$f"; done | wc -l)

dpkg_in "$root" -r virtnic >/dev/null
left=$(find "$root/usr" -not -type d 2>/dev/null || true)
[ -z "$left" ] || fail "dpkg -r left: $left"
[ "$(dpkg-query --root="$root" -W -f='${db:Status-Abbrev}' virtnic 2>/dev/null)" != "ii " ] ||
	fail "virtnic still installed in $root after dpkg -r"

[ "$(host_state)" = "$before" ] || fail "this machine's dpkg state changed:
before: $before
after:  $(host_state)"
echo "check-deb: $(basename "$deb") (Depends: libvirt0 (>= 9.0)) installed with dpkg --root: $n files, --version, --demo list, man pages and completions checked; dpkg -r removed it; this machine's packages untouched"
