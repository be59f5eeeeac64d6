#!/usr/bin/env bash
# Proves that libvirt's test driver loads the hostile fixture
# (testdata/hostile.xml) as written: every domain, network, host interface
# and node device in the file is found by its exact hostile name, and what
# libvirt gives back carries exactly the characters the file wrote as
# &#x…; references, byte for byte. The only differences allowed are the
# <target dev='testnetN'/> and <alias name='netN'/> the test driver adds to a
# domain's NICs. Which characters libvirt refuses where is in the file's
# header comment; present's tests check the file's content.
#
# Usage: scripts/check-hostile.sh [path/to/hostile.xml]   (needs virsh and perl)
set -euo pipefail

cd "$(dirname "$0")/.."
FILE=$(realpath "${1:-testdata/hostile.xml}")
URI="test://$FILE"
export LC_ALL=C # awk and sed work on bytes; perl decodes UTF-8 itself (-CSD)
fail=0
# Messages can quote what libvirt said about a hostile name, raw: cat -vT
# makes every control visible before it reaches the terminal.
bad() { printf 'FAIL: %s\n' "$*" | cat -vT >&2; fail=1; }
ok() { echo "ok: $*"; }

for tool in virsh perl; do
	command -v "$tool" >/dev/null || { echo "check-hostile: $tool not found" >&2; exit 2; }
done

V() { virsh -q -c "$URI" "$@"; }

# decode: XML character references and the five entities to the characters
# they stand for, so the file's &#x202E; and libvirt's raw U+202E compare equal
# (libvirt writes some characters as references itself, e.g. &#13; in metadata).
decode() {
	perl -CSD -pe 's/&#x([0-9A-Fa-f]+);/chr(hex($1))/ge; s/&#([0-9]+);/chr($1)/ge;
		s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/&/g'
}

# value REF: one decoded value, with trailing newlines kept (several names end
# in a newline, which $(...) alone would drop).
value() {
	local v
	v=$(printf '%s' "$1" | decode; printf x)
	printf '%s' "${v%x}"
}

# block FILE INDENT OPEN CLOSE N: the Nth (1-based) run of lines from one
# starting with INDENT OPEN to the next one starting with INDENT CLOSE. A value
# holding a newline continues on an unindented line, which never ends a block.
block() {
	awk -v ind="$2" -v open="$3" -v cl="$4" -v want="$5" '
		!inb && index($0, ind open) == 1 { n++; inb = 1 }
		inb && n == want { print }
		inb && index($0, ind cl) == 1 { inb = 0; if (n == want) exit }
	' "$1"
}

# same LABEL FILE-TEXT LIBVIRT-TEXT: the file's lines (indented two more than
# libvirt indents them) must decode to exactly libvirt's.
same() {
	local want got
	want=$(printf '%s\n' "$2" | sed 's/^  //' | decode; printf x)
	got=$(printf '%s\n' "$3" | decode; printf x)
	if [ "$want" = "$got" ]; then
		ok "$1 loads as written"
	else
		bad "$1 changed by libvirt:
--- file (decoded)
${want%x}
--- libvirt
${got%x}"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The file must load at all, and the plain listings must show every entry.
for cmd in "list --all" "net-list --all" "iface-list --all"; do
	# shellcheck disable=SC2086 # cmd is a command and its option
	V $cmd >"$tmp/listing" 2>"$tmp/err" || { bad "virsh $cmd: $(cat "$tmp/err")"; continue; }
	ok "virsh $cmd: $(sed '/^$/d' "$tmp/listing" | wc -l) rows"
done
[ "$fail" = 0 ] || { echo "check-hostile: FAILED (libvirt does not load $FILE)" >&2; exit 1; }

uuids() { sed -n "/^  <$1[ >]/,/^  <\/$1>/s/^    <uuid>\(.*\)<\/uuid>$/\1/p" "$FILE" | sort; }
[ "$(V list --all --uuid | sed '/^$/d' | sort)" = "$(uuids domain)" ] &&
	ok "virsh list --all has every domain of the file" || bad "virsh list --all: domains differ from the file's"
[ "$(V net-list --all --uuid | sed '/^$/d' | sort)" = "$(uuids network)" ] &&
	ok "virsh net-list --all has every network of the file" || bad "virsh net-list --all: networks differ from the file's"
want_ifaces=$(grep -c "^  <interface " "$FILE")
got_ifaces=$(V iface-list --all | sed '/^$/d' | wc -l)
[ "$got_ifaces" = "$want_ifaces" ] && ok "virsh iface-list --all has $want_ifaces interfaces" ||
	bad "virsh iface-list --all has $got_ifaces interfaces, the file $want_ifaces"

# Domains: found by their exact names, in the state the file gives; name,
# title, description and metadata, and every NIC, as written, in the
# persistent definition and (running domains) the live one too.
n=$(grep -c "^  <domain " "$FILE")
for i in $(seq 1 "$n"); do
	block "$FILE" '  ' '<domain ' '</domain>' "$i" >"$tmp/dom.xml"
	name=$(value "$(sed -n 's/^    <name>\(.*\)<\/name>$/\1/p' "$tmp/dom.xml")"; printf x)
	name=${name%x}
	label="domain $(sed -n 's/^    <name>\(.*\)<\/name>$/\1/p' "$tmp/dom.xml")"
	uuid=$(sed -n 's/^    <uuid>\(.*\)<\/uuid>$/\1/p' "$tmp/dom.xml")
	got=$(V domuuid "$name" 2>&1 | sed '/^$/d') || true
	[ "$got" = "$uuid" ] || { bad "$label: not found by its exact name ($got)"; continue; }
	case $(sed -n 's/.*<test:runstate>\([0-9]*\)<.*/\1/p' "$tmp/dom.xml") in
	1) state=running flags="--inactive live" ;;
	*) state="shut off" flags="--inactive" ;;
	esac
	got=$(V domstate "$name" | sed '/^$/d')
	[ "$got" = "$state" ] && ok "$label is $state" || bad "$label is '$got', the file says $state"
	for f in $flags; do
		opt=$f
		[ "$f" != live ] || opt=
		# shellcheck disable=SC2086 # opt is empty or one option
		V dumpxml $opt "$name" | grep -v -e "^      <target dev='testnet[0-9]*'/>$" -e "^      <alias name='net[0-9]*'/>$" >"$tmp/virsh.xml"
		same "$label ($f): name to metadata" "$(block "$tmp/dom.xml" '    ' '<name>' '</metadata>' 1)" \
			"$(block "$tmp/virsh.xml" '  ' '<name>' '</metadata>' 1)"
		nics=$(grep -c '^      <interface ' "$tmp/dom.xml")
		[ "$(grep -c '^    <interface ' "$tmp/virsh.xml")" = "$nics" ] || bad "$label ($f): libvirt has another number of NICs than $nics"
		for j in $(seq 1 "$nics"); do
			same "$label ($f): NIC $((j - 1))" "$(block "$tmp/dom.xml" '      ' '<interface ' '</interface>' "$j")" \
				"$(block "$tmp/virsh.xml" '    ' '<interface ' '</interface>' "$j")"
		done
	done
done

# Networks, host interfaces and node devices: libvirt's whole XML for each,
# looked up by its exact name, must be the file's.
check_top() { # open close dump-command name-sed
	local i=1 want ref name got
	while :; do
		want=$(block "$FILE" '  ' "$1" "$2" "$i")
		[ -n "$want" ] || break
		ref=$(printf '%s\n' "$want" | sed -n "$4" | head -1)
		name=$(value "$ref"; printf x)
		name=${name%x}
		if got=$(V "$3" "$name" 2>&1); then
			same "$3 $ref" "$want" "$got"
		else
			bad "$3 $ref: not found by its exact name: $got"
		fi
		i=$((i + 1))
	done
}
check_top '<network>' '</network>' net-dumpxml 's/^    <name>\(.*\)<\/name>$/\1/p'
check_top '<interface ' '</interface>' iface-dumpxml "1s/.* name='\([^']*\)'.*/\1/p"
check_top '<device>' '</device>' nodedev-dumpxml 's/^    <name>\(.*\)<\/name>$/\1/p'

if [ "$fail" = 0 ]; then echo "check-hostile: all good"; else echo "check-hostile: FAILED" >&2; exit 1; fi
