#!/usr/bin/env bash
# Checks the embedded demo hypervisor (libvirtx/demo.xml) against libvirt's
# test driver: every domain, network, host interface and node device written in
# the file must load, and libvirt must give back exactly what was written (the
# only difference allowed in a domain NIC is the <target dev='testnetN'/> the
# test driver adds). Also checks that the file still covers every NIC kind,
# macvtap mode and virtual port type virtnic edits.
#
# Usage: scripts/check-demo.sh [path/to/demo.xml]     (needs virsh: libvirt-clients)
set -euo pipefail

cd "$(dirname "$0")/.."
FILE=$(realpath "${1:-libvirtx/demo.xml}")
URI="test://$FILE"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
ok() { echo "ok: $*"; }

command -v virsh >/dev/null || { echo "check-demo: virsh not found (apt-get install libvirt-clients)" >&2; exit 2; }

V() { virsh -q -c "$URI" "$@"; }

# canon: one line of XML with whitespace between tags removed and <x ...></x>
# written as <x .../>, so libvirt's re-indentation does not count as a change.
canon() {
	tr '\n' ' ' | sed -e 's/>[[:space:]]*</></g' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
		-e 's#<\([A-Za-z:_-]*\)\([^<>]*[^/]\)></\1>#<\1\2/>#g' -e 's#<\([A-Za-z:_-]*\)></\1>#<\1/>#g'
}

# block FILE INDENT OPEN CLOSE N: the Nth (1-based) block starting with a line
# "<INDENT><OPEN" and ending with "<INDENT><CLOSE>" (or a self-closed OPEN line).
block() {
	awk -v ind="$2" -v open="$3" -v cl="$4" -v want="$5" '
		!inb && index($0, ind open) == 1 { n++; inb = 1; if (n == want) buf = "" }
		inb { if (n == want) buf = buf $0 "\n"
		      if (index($0, ind cl) == 1 || ($0 ~ /\/>[[:space:]]*$/ && index($0, ind open) == 1)) { inb = 0; if (n == want) { printf "%s", buf; exit } } }
	' "$1"
}

# Domain NICs, in file order, must come back unchanged (bar <target>).
mapfile -t domains < <(awk '/^  <domain /{d=1} d && /^    <name>/{gsub(/.*<name>|<\/name>.*/,""); print; d=0}' "$FILE")
[ "${#domains[@]}" -ge 8 ] && ok "${#domains[@]} domains in the file" || bad "only ${#domains[@]} domains (want >= 8)"

listed=$(V list --all --name | sed '/^$/d' | sort)
[ "$listed" = "$(printf '%s\n' "${domains[@]}" | sort)" ] && ok "virsh list --all shows every domain" || bad "virsh list --all: $listed"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "${domains[@]}"; do
	# The domain's own block in the file.
	awk -v name="$d" '
		/^  <domain /{buf=""; ind=1}
		ind {buf = buf $0 "\n"}
		ind && /^    <name>/ { cur=$0; gsub(/.*<name>|<\/name>.*/,"",cur) }
		/^  <\/domain>/ { if (cur == name) { printf "%s", buf; exit } ind=0 }
	' "$FILE" >"$tmp/file.xml"
	V dumpxml --inactive --security-info "$d" >"$tmp/virsh.xml"
	n=$(grep -c '^      <interface ' "$tmp/file.xml" || true)
	m=$(grep -c '^    <interface ' "$tmp/virsh.xml" || true)
	[ "$n" = "$m" ] || { bad "$d: $n NICs in the file, libvirt has $m"; continue; }
	for i in $(seq 1 "$n"); do
		want=$(block "$tmp/file.xml" '      ' '<interface ' '</interface>' "$i" | canon)
		got=$(block "$tmp/virsh.xml" '    ' '<interface ' '</interface>' "$i" | grep -v "<target dev='testnet" | canon)
		[ "$want" = "$got" ] || bad "$d NIC $((i - 1)) changed by libvirt:
  file:   $want
  libvirt: $got"
	done
	# Anything else under <devices> (graphics with its password) must survive too.
	if grep -q '<graphics' "$tmp/file.xml"; then
		want=$(block "$tmp/file.xml" '      ' '<graphics ' '</graphics>' 1 | canon)
		got=$(block "$tmp/virsh.xml" '    ' '<graphics ' '</graphics>' 1 | canon)
		[ "$want" = "$got" ] || bad "$d <graphics> changed: $want vs $got"
	fi
	ok "$d: $n NICs as written"
done

# State of every domain as the file says (test:runstate 1 running, 3 paused, 5 shut off).
while read -r d rs; do
	case $rs in 1) want=running ;; 3) want=paused ;; 5) want="shut off" ;; *) want=? ;; esac
	got=$(V domstate "$d" | sed '/^$/d')
	[ "$got" = "$want" ] || bad "$d is '$got', file says runstate $rs ($want)"
done < <(awk '/^    <name>/{n=$0; gsub(/.*<name>|<\/name>.*/,"",n)} /<test:runstate>/{r=$0; gsub(/[^0-9]/,"",r); print n, r}' "$FILE")
ok "domain states match test:runstate"

# Networks, host interfaces and node devices: libvirt's XML must equal the file's.
check_top() { # kind open close dumpcmd
	local kind=$1 open=$2 close=$3 i=1 name want got
	while :; do
		want=$(block "$FILE" '  ' "$open" "$close" "$i")
		[ -n "$want" ] || break
		case $kind in
		network | device) name=$(printf '%s\n' "$want" | sed -n 's/^    <name>\(.*\)<\/name>/\1/p' | head -1) ;;
		interface) name=$(printf '%s\n' "$want" | sed -n "1s/.* name='\([^']*\)'.*/\1/p") ;;
		esac
		got=$(V "$4" "$name" 2>&1) || { bad "$kind $name: $got"; i=$((i + 1)); continue; }
		if [ "$(printf '%s' "$want" | canon)" = "$(printf '%s' "$got" | canon)" ]; then
			ok "$kind $name loads as written"
		else
			bad "$kind $name changed by libvirt:
  file:    $(printf '%s' "$want" | canon)
  libvirt: $(printf '%s' "$got" | canon)"
		fi
		i=$((i + 1))
	done
}
check_top network '<network>' '</network>' net-dumpxml
check_top interface '<interface ' '</interface>' iface-dumpxml
check_top device '<device>' '</device>' nodedev-dumpxml

# Coverage: what the demo must keep showing.
need() { grep -q -- "$1" "$FILE" && ok "has $2" || bad "demo.xml lacks $2 ($1)"; }
for m in bridge vepa private passthrough; do need "<source dev='[^']*' mode='$m'/>" "a direct NIC in mode $m"; done
need "<source dev='eth0.100' mode='[a-z]*'/>" "a direct NIC on the VLAN interface eth0.100"
for t in 802.1Qbg 802.1Qbh openvswitch midonet; do need "<virtualport type='$t'>" "a $t virtual port"; done
need "managerid='[0-9]*' typeid='[0-9]*' typeidversion='[0-9]*' instanceid=" "802.1Qbg parameters"
need "interfaceid='[^']*' profileid=" "openvswitch interfaceid+profileid"
need "portgroup='" "a network NIC with a portgroup"
need "<interface type='bridge'>" "a bridge NIC"
need "<link state='down'/>" "a NIC with link down"
for t in virtio e1000e rtl8139; do need "<model type='$t'/>" "model $t"; done
need "<address type='pci'" "PCI addresses"
need "<rom " "a <rom>"
need "<boot order=" "a <boot order>"
need "<mtu size=" "an <mtu>"
need "<bandwidth>" "a <bandwidth>"
need "<vlan trunk='yes'>" "a VLAN trunk on a NIC"
need "<tag id='[0-9]*' nativeMode=" "a native VLAN"
need "<interface type='hostdev'" "a hostdev (SR-IOV VF) NIC"
need "<portgroup name='[^']*'[^>]*>" "a network portgroup"
need "<vlan><tag id=" "a portgroup with a VLAN"
need "<forward mode='nat'/>" "a NAT network"
need "<interface type='vlan' name='eth0.100'>" "the VLAN host interface"
need "<interface type='bond' name='bond0'>" "the bond host interface"
need "<interface type='bridge' name='br0'>" "the host bridge br0"
need "<link speed='10000'" "a 10G node device"
for s in 1 3 5; do need "<test:runstate>$s</test:runstate>" "runstate $s"; done
# SR-IOV: a PF with VFs as node devices, a NIC on each kind of VF use, a pool.
need "<capability type='virt_functions' maxCount=" "an SR-IOV PF node device"
need "<capability type='phys_function'>" "SR-IOV VF node devices"
need "<parent>pci_0000_03_02_[0-9]</parent>" "VF interfaces (net devices under the VFs)"
need "<interface type='hostdev' managed='yes'>" "a hostdev NIC on a VF"
need "<forward mode='hostdev' managed='yes'>" "a hostdev pool network"
need "      <address type='pci' domain='0x0000' bus='0x03' slot='0x02' function='0x2'/>" "a pool of VFs of PF ens1f0 by address"
need "<source dev='ens1f0v[0-9]' mode='passthrough'/>" "a macvtap passthrough NIC on a VF"
# Every VF a NIC names is one the node devices list: a macvtap device by its
# interface, a hostdev NIC by its PCI address.
for dev in $(grep -o "<source dev='ens1f0v[0-9]*'" "$FILE" | sed "s/.*dev='//; s/'//" | sort -u); do
	grep -q "<interface>$dev</interface>" "$FILE" && ok "VF $dev is a node device" || bad "a NIC uses $dev, which no node device has"
done
for a in $(awk '/<interface type=.hostdev./{h=1} h && /<address type=.pci./{print; h=0}' "$FILE" |
	sed -E "s/.*domain='0x([0-9a-f]+)' bus='0x([0-9a-f]+)' slot='0x([0-9a-f]+)' function='0x([0-9a-f]+)'.*/pci_\1_\2_\3_\4/"); do
	grep -q "<name>$a</name>" "$FILE" && ok "hostdev VF $a is a node device" || bad "a hostdev NIC uses $a, which is no node device"
done

# The passthrough conflict: a RUNNING domain passes through the 10G NIC that
# another domain also wants.
pt=$(grep -c "<source dev='enp65s0f0' mode='passthrough'/>" "$FILE" || true)
[ "$pt" -ge 2 ] && ok "two domains pass through enp65s0f0" || bad "want two passthrough users of enp65s0f0, have $pt"
running_pt=0
for d in $(V list --name --state-running); do
	V dumpxml --inactive "$d" | grep -q "<source dev='enp65s0f0' mode='passthrough'/>" && running_pt=1
done
[ "$running_pt" = 1 ] && ok "a running domain holds enp65s0f0 in passthrough" || bad "no running passthrough domain on enp65s0f0"

if [ "$fail" = 0 ]; then echo "check-demo: all good"; else echo "check-demo: FAILED" >&2; exit 1; fi
