# shellcheck shell=bash
# Checks shared by check-install.sh and check-deb.sh, on an installed tree.
# Sourced, not run; the caller has cd'd to the repository root.

fail() {
	echo "${0##*/}: FAIL: $*" >&2
	exit 1
}

# commands BIN [CMD…]: the visible subcommands below CMD…, each as a path
# ("list", "completion bash"), from --help: cobra's man generator writes a
# page for exactly these (help and hidden commands have none).
commands() {
	local bin=$1
	shift
	local sub
	for sub in $("$bin" "$@" --help | sed -n '/^Available Commands:/,/^$/{s/^  \([a-z][a-z0-9-]*\) .*/\1/p}'); do
		[ "$sub" = help ] && continue
		echo "$* $sub" | sed 's/^ //'
		commands "$bin" "$@" "$sub"
	done
}

# man_pages BIN DIR EXT: where each command's page must be (EXT .1 or
# .1.gz): DIR/virtnic.1, DIR/virtnic-list.1, DIR/virtnic-completion-bash.1, …
man_pages() {
	local bin=$1 dir=$2 ext=$3 c
	echo "$dir/virtnic$ext"
	commands "$bin" | while read -r c; do
		echo "$dir/virtnic-${c// /-}$ext"
	done
}

# check_files ROOT PATH…: the files under ROOT are exactly PATH… (relative).
check_files() {
	local root=$1
	shift
	local want have
	want=$(printf '%s\n' "$@" | sort)
	have=$(cd "$root" && find . -not -type d | sed 's#^\./##' | sort)
	if [ "$want" != "$have" ]; then
		fail "files under $root differ from the expected ones (< expected, > found):
$(diff <(echo "$want") <(echo "$have") | grep '^[<>]')"
	fi
}

# check_modes ROOT EXEC: EXEC (relative) is 0755, every other file 0644.
check_modes() {
	local root=$1 exe=$2 f mode want
	while read -r f; do
		mode=$(stat -c %a "$root/$f")
		want=644
		[ "$f" = "$exe" ] && want=755
		[ "$mode" = "$want" ] || fail "$f has mode $mode, want $want"
	done < <(cd "$root" && find . -type f | sed 's#^\./##')
}

# check_version BIN WANT: --version names virtnic's version WANT, the libvirt
# library this machine has (libvirt0's upstream version), the demo daemon
# with --demo, and exits 0 saying so when the daemon cannot be reached.
check_version() {
	local bin=$1 want=$2 out lib
	out=$("$bin" --demo --version) || fail "virtnic --demo --version exited $?"
	[[ $(sed -n 1p <<<"$out") == "virtnic $want ("* ]] ||
		fail "virtnic --version: first line is not 'virtnic $want (…)':
$out"
	lib=$(dpkg-query -W -f='${Version}' libvirt0)
	lib=${lib#*:}
	lib=${lib%%-*}
	[[ $(sed -n 2p <<<"$out") == "libvirt library $lib (virtnic built against "* ]] ||
		fail "virtnic --version: second line does not name libvirt $lib (libvirt0 installed here):
$out"
	[[ $(sed -n 3p <<<"$out") == "libvirt daemon $lib, hypervisor TEST "*", at the demo host" ]] ||
		fail "virtnic --demo --version: third line does not name the demo daemon:
$out"
	out=$("$bin" -c "qemu:///system?socket=/nonexistent/virtnic-version-check" --version) ||
		fail "virtnic --version without a daemon exited $?, want 0"
	[[ $(sed -n 3p <<<"$out") == "libvirt daemon: not reached: "* ]] ||
		fail "virtnic --version without a daemon does not say it was not reached:
$out"
}

# check_demo_list BIN: `virtnic --demo list` shows every domain of the demo
# host, as virsh reads them from the same file.
check_demo_list() {
	local bin=$1 out name n=0
	out=$("$bin" --demo list) || fail "virtnic --demo list exited $?"
	while read -r name; do
		[ -n "$name" ] || continue
		n=$((n + 1))
		grep -qw -- "$name" <<<"$out" || fail "virtnic --demo list does not show the demo domain $name:
$out"
	done < <(virsh -q -c "test://$(realpath libvirtx/demo.xml)" list --all --name)
	[ $n -gt 0 ] || fail "virsh found no domains in libvirtx/demo.xml"
}

# check_man_pages DIR EXT CAT: every page in DIR has virtnic's header and its
# own command's NAME, and groff formats it without a warning.
check_man_pages() {
	local dir=$1 ext=$2 cat=$3 page name warn n=0
	for page in "$dir"/virtnic*"$ext"; do
		n=$((n + 1))
		name=$(basename "$page" "$ext")
		$cat "$page" | grep -q '^\.TH "VIRTNIC" "1" ' || fail "$page has no .TH \"VIRTNIC\" \"1\" header"
		$cat "$page" | grep -A1 '^\.SH NAME' | grep -q "^$name - " || fail "$page does not name $name"
		warn=$($cat "$page" | groff -k -man -Tutf8 -ww -z 2>&1) || fail "groff failed on $page: $warn"
		[ -z "$warn" ] || fail "groff warns on $page: $warn"
	done
	[ $n -gt 1 ] || fail "no man pages in $dir"
	$cat "$dir/virtnic$ext" | grep -q -- '--version' || fail "virtnic(1) does not document --version"
}

# check_completions BIN BASH ZSH FISH: bash's script, loaded as
# bash-completion loads it, completes "virtnic li" to exactly list by asking
# BIN (a description run into the candidate would show there);
# zsh's and fish's are theirs (and parse, where those shells are here).
check_completions() {
	local bin=$1 bash=$2 zsh=$3 fish=$4 got
	[ -r /usr/share/bash-completion/bash_completion ] ||
		fail "bash-completion is not installed (scripts/setup.sh test installs it)"
	# shellcheck disable=SC2016 # expanded by the inner bash
	got=$(PATH="$(dirname "$bin"):$PATH" bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$1"
		COMP_TYPE=9 COMP_WORDS=(virtnic li) COMP_CWORD=1 COMP_LINE="virtnic li" COMP_POINT=10
		__start_virtnic virtnic li virtnic
		printf "%s\n" "${COMPREPLY[@]}"' bash "$bash" 2>/dev/null)
	[ "$got" = list ] || fail "bash completion of 'virtnic li' gave '$got', want list"
	[ "$(head -1 "$zsh")" = "#compdef virtnic" ] || fail "$zsh is not a zsh completion for virtnic"
	grep -q '^complete -c virtnic ' "$fish" || fail "$fish is not a fish completion for virtnic"
	if command -v zsh >/dev/null; then zsh -n "$zsh" || fail "zsh cannot parse $zsh"; fi
	if command -v fish >/dev/null; then fish -n "$fish" || fail "fish cannot parse $fish"; fi
}
