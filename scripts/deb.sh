#!/usr/bin/env bash
# Builds $BUILDDIR/virtnic_VERSION_ARCH.deb with dpkg-deb from what
# `make install PREFIX=/usr` installs, plus a generated DEBIAN/control.
# Run by `make deb`, which sets VERSION (git describe); DEB_VERSION overrides
# the Debian version derived from it (scripts/deb-version.sh). Prints the
# path of the .deb.
#
# dpkg-deb rather than a packager such as nfpm: it is part of dpkg, so on
# every Debian already, and it needs no tool fetched and built at package time.
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
BUILDDIR=${BUILDDIR:-build}
VERSION=${VERSION:?VERSION (git describe) is not set; run make deb}
DEB_MAINTAINER=${DEB_MAINTAINER:-virtnic developers <virtnic@invalid>}
umask 022

for tool in dpkg-deb dpkg; do
	command -v $tool >/dev/null || { echo "deb: $tool is missing (apt-get install dpkg)" >&2; exit 1; }
done
if [ -z "${DEB_VERSION:-}" ]; then
	DEB_VERSION=$(scripts/deb-version.sh "$VERSION" "$(git rev-parse HEAD 2>/dev/null || true)" \
		"$(git log -1 --format=%ct 2>/dev/null || echo 0)")
fi
arch=$(dpkg --print-architecture)
stage=$BUILDDIR/deb/root
rm -rf "$BUILDDIR/deb"
mkdir -p "$stage"
stage=$(cd "$stage" && pwd)

# Debian's zsh looks in vendor-completions, not in site-functions (that one
# is for /usr/local); bash's and fish's vendor directories are make install's.
$MAKE -s --no-print-directory install VERSION="$VERSION" BUILDDIR="$BUILDDIR" \
	DESTDIR="$stage" PREFIX=/usr ZSHCOMPDIR=/usr/share/zsh/vendor-completions >&2
# Debian compresses man pages (policy 12.1), without a name or time in gzip's header.
gzip -9n "$stage"/usr/share/man/man1/*.1

mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: virtnic
Version: $DEB_VERSION
Architecture: $arch
Maintainer: $DEB_MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: libvirt0 (>= 9.0)
Section: admin
Priority: optional
Description: configure the network interfaces of libvirt virtual machines
 virtnic sets up the NICs of libvirt domains: the source (virtual network
 and portgroup, host bridge, or macvtap on a host device), the macvtap
 mode, the 802.1Qbg, 802.1Qbh, openvswitch and midonet virtual ports, the
 model, MAC and link state, validated before anything is written.
 .
 It has a keyboard-driven terminal UI and a scriptable CLI with JSON output.
CONTROL

deb=$BUILDDIR/virtnic_${DEB_VERSION}_${arch}.deb
# --root-owner-group: every file root:root without fakeroot.
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >&2
echo "$deb"
