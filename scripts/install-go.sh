#!/usr/bin/env bash
# Installs the pinned Go toolchain into /usr/local/go (replacing what is
# there): the module proxy's golang.org/toolchain zip, the same bytes the go
# command fetches for GOTOOLCHAIN, checked against the SHA-256 pinned here.
#
#   scripts/install-go.sh [sudo]    (setup.sh calls it when Go is missing or too old)
#   GO_DEST=/tmp/go scripts/install-go.sh   (elsewhere, e.g. to try it)
set -euo pipefail
dest=${GO_DEST:-/usr/local/go}

GO_VERSION=1.26.8
declare -A SHA256=(
	[amd64]=30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7
	[arm64]=02b36b6787b3ac767668f630e2998df45a3b1f9ffee08d1bf3ef6487cd658d99
)

arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
want=${SHA256[$arch]:-}
[ -n "$want" ] || { echo "install-go: no pinned Go toolchain for $arch; install Go $GO_VERSION into /usr/local/go yourself" >&2; exit 1; }

proxy=${GOPROXY:-https://proxy.golang.org}
proxy=${proxy%%,*}
case $proxy in direct | off | "") proxy=https://proxy.golang.org ;; esac
mod="golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$arch"
url="$proxy/golang.org/toolchain/@v/v0.0.1-go$GO_VERSION.linux-$arch.zip"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-go: fetching Go $GO_VERSION ($arch) from $proxy"
curl -fsSL --retry 3 -o "$work/go.zip" "$url"
got=$(sha256sum "$work/go.zip" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	echo "install-go: $url has SHA-256 $got, want $want: not installing it" >&2
	exit 1
fi
unzip -q "$work/go.zip" -d "$work/x"
chmod -R a+rX "$work/x"
chmod a+x "$work/x/$mod/bin/"* "$work/x/$mod/pkg/tool/"*/* 2>/dev/null || true
"$@" rm -rf "$dest"
"$@" mkdir -p "$(dirname "$dest")"
"$@" mv "$work/x/$mod" "$dest"
echo "install-go: $("$dest/bin/go" version) in $dest"
