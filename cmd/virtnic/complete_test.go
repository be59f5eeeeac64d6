package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// complete runs virtnic __complete ARGS… and returns the candidates'
// values, their descriptions by value, and the directive.
func complete(t *testing.T, args ...string) ([]string, map[string]string, cobra.ShellCompDirective) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d, stderr %q", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	d, err := strconv.Atoi(strings.TrimPrefix(last, ":"))
	if !strings.HasPrefix(last, ":") || err != nil {
		t.Fatalf("__complete %q: output does not end in :DIRECTIVE:\n%s", args, out)
	}
	var values []string
	descs := map[string]string{}
	for _, l := range lines[:len(lines)-1] {
		v, desc, _ := strings.Cut(l, "\t")
		values = append(values, v)
		descs[v] = desc
	}
	return values, descs, cobra.ShellCompDirective(d)
}

// TestCompleteEachKind: every argument and flag that names something on the
// host completes from the host (the demo's), the others from their fixed
// choices; none falls back to file names.
func TestCompleteEachKind(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string // exactly these values, in this order
		desc map[string]string
	}{
		{"domains", []string{"--demo", "show", ""},
			[]string{"build-runner", "ci-worker", "db01", "dpdk-node", "legacy-app", "mail", "nfv-router", "ovs-tenant", "router-fw", "staging-web", "web01", "win2022"},
			map[string]string{"web01": "ID 1", "win2022": "inactive"}},
		{"domains by prefix", []string{"--demo", "set", "w"}, []string{"web01", "win2022"}, nil},
		{"NIC indexes", []string{"--demo", "set", "web01", ""}, []string{"0", "1"},
			map[string]string{"0": "52:54:00:3a:10:01 network default, virtio", "1": "52:54:00:3a:10:02 direct eth1, virtio"}},
		{"NIC MACs once typed", []string{"--demo", "remove", "router-fw", "52:54:00:3a:50:0"},
			[]string{"52:54:00:3a:50:01", "52:54:00:3a:50:02", "52:54:00:3a:50:03"},
			map[string]string{"52:54:00:3a:50:03": "NIC 2: network isolated, virtio"}},
		{"NICs of a domain by ID", []string{"--demo", "set", "4", ""}, []string{"0", "1", "2"}, nil},
		{"a read-only NIC says so", []string{"--demo", "set", "legacy-app", "1"}, []string{"1"},
			map[string]string{"1": "52:54:00:3a:90:02 user, rtl8139, read-only in virtnic"}},
		{"nothing after the NIC", []string{"--demo", "set", "web01", "0", ""}, nil, nil},
		{"networks", []string{"--demo", "add", "web01", "--network", ""}, []string{"default", "isolated", "macvtap-net", "ovs-net", "sriov-pool"},
			map[string]string{"default": "active"}},
		{"portgroups of --network", []string{"--demo", "add", "web01", "--network", "ovs-net", "--portgroup", ""}, []string{"vlan-10", "vlan-20"},
			map[string]string{"vlan-10": "the default portgroup of ovs-net"}},
		{"portgroups of the NIC's network", []string{"--demo", "set", "ovs-tenant", "1", "--portgroup", ""}, []string{"vlan-10", "vlan-20", "none"}, nil},
		{"no portgroups of a bridge NIC", []string{"--demo", "set", "ovs-tenant", "0", "--portgroup", ""}, nil, nil},
		{"bridges", []string{"--demo", "add", "web01", "--bridge", ""}, []string{"br0"}, map[string]string{"br0": "host bridge, ports eno1"}},
		{"host devices", []string{"--demo", "add", "web01", "--direct", ""}, []string{"bond0", "enp65s0f0", "ens1f0", "ens1f0v0", "ens1f0v1", "ens1f0v2", "ens1f0v3", "ens1f0v4", "ens1f0v5", "ens1f0v6", "ens1f0v7", "eth0", "eth0.100", "eth1"},
			map[string]string{"eth0": "ethernet, 1000 Mb/s", "eth0.100": "vlan"}},
		{"modes", []string{"--demo", "set", "web01", "1", "--mode", ""}, []string{"bridge", "vepa", "private", "passthrough"}, nil},
		{"virtual port types", []string{"--demo", "set", "web01", "1", "--virtualport", "8"}, []string{"802.1Qbg", "802.1Qbh"},
			map[string]string{"802.1Qbh": "parameters profileid"}},
		{"models", []string{"--demo", "add", "web01", "--model", ""}, []string{"virtio", "e1000e", "e1000", "rtl8139"}, nil},
		{"models with none on set", []string{"--demo", "set", "web01", "0", "--model", "n"}, []string{"none"}, nil},
		{"link states", []string{"--demo", "set", "web01", "0", "--link", ""}, []string{"up", "down"}, nil},
		{"MAC", []string{"--demo", "add", "web01", "--mac", ""}, []string{"random"}, nil},
		{"list takes nothing", []string{"--demo", "list", ""}, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, descs, d := complete(t, tc.args...)
			if !slices.Equal(got, tc.want) {
				t.Errorf("__complete %q = %q, want %q", tc.args, got, tc.want)
			}
			for v, want := range tc.desc {
				if descs[v] != want {
					t.Errorf("__complete %q: %s described %q, want %q", tc.args, v, descs[v], want)
				}
			}
			if d != cobra.ShellCompDirectiveNoFileComp {
				t.Errorf("__complete %q: directive %d, want %d (no file names)", tc.args, d, cobra.ShellCompDirectiveNoFileComp)
			}
		})
	}
}

// TestCompleteFailureIsSilent: whatever libvirt says when it cannot answer
// stays out of the shell: no candidate, the error directive, and nothing of
// libvirt's message on either stream.
func TestCompleteFailureIsSilent(t *testing.T) {
	for _, args := range [][]string{
		{"-c", "test:///nonexistent/virtnic-node.xml", "show", ""},
		{"--demo", "set", "no-such-domain", ""},
		{"--demo", "add", "web01", "--network", "no-such-net", "--portgroup", ""},
		{"--demo", "-c", "test:///default", "show", ""},
	} {
		out, errOut, code := runCLI(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
		want := ":" + strconv.Itoa(int(cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveError)) + "\n"
		if args[len(args)-2] == "--portgroup" {
			want = ":" + strconv.Itoa(int(cobra.ShellCompDirectiveNoFileComp)) + "\n" // an unknown network has no portgroups
		}
		if code != 0 || out != want {
			t.Errorf("__complete %q: exit %d, stdout %q; want only %q", args, code, out, want)
		}
		for _, libvirtWords := range []string{"nonexistent", "not found", "exclude", "no-such"} {
			if strings.Contains(errOut, libvirtWords) {
				t.Errorf("__complete %q printed libvirt's words to stderr: %q", args, errOut)
			}
		}
	}
}

// TestCompleteEscapesHostStrings: a name a terminal would act on is never
// offered, and descriptions are escaped, although the answer bypasses the
// CLI's escaping writer for its tabs.
func TestCompleteEscapesHostStrings(t *testing.T) {
	comps := appendCandidate(nil, "evil\x1b]0;owned\x07", "x")
	comps = appendCandidate(comps, "ok", "desc\x1b[31m\tred\nline")
	if len(comps) != 1 || strings.ContainsAny(comps[0][len("ok\t"):], "\x1b\t\n") || !strings.HasPrefix(comps[0], "ok\t") {
		t.Errorf("candidates %q: want only ok, with an escaped description", comps)
	}
	out, _, _ := runCLI(t, cobra.ShellCompRequestCmd, "--demo", "show", "")
	if !strings.Contains(out, "web01\tID 1\n") {
		t.Errorf("__complete output lost its tab separator:\n%q", out)
	}
}

// TestCompleteGivesUpOnASilentHost: a host that accepts the connection and
// never answers costs TAB completeTimeout, then nothing is offered.
func TestCompleteGivesUpOnASilentHost(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range held {
			c.Close()
		}
	})
	defer func(d time.Duration) { completeTimeout = d }(completeTimeout)
	completeTimeout = 300 * time.Millisecond
	t0 := time.Now()
	out, _, code := runCLI(t, cobra.ShellCompRequestCmd, "-c", "qemu+tcp://"+l.Addr().String()+"/system", "show", "")
	if took := time.Since(t0); code != 0 || out != ":5\n" || took > 3*time.Second {
		t.Errorf("__complete against a silent host: exit %d after %v, stdout %q; want only :5 after about %v", code, took, out, completeTimeout)
	}
}

func TestNoTTYForSSH(t *testing.T) {
	for in, want := range map[string]string{
		"qemu+ssh://root@kvm1/system":       "qemu+ssh://root@kvm1/system?no_tty=1",
		"qemu+ssh://kvm1/system?keyfile=/k": "qemu+ssh://kvm1/system?keyfile=/k&no_tty=1",
		"qemu+ssh://kvm1/system?no_tty=0":   "qemu+ssh://kvm1/system?no_tty=0",
		"qemu+libssh2://kvm1/system":        "qemu+libssh2://kvm1/system",
		"qemu:///system":                    "qemu:///system",
		"kvm1":                              "kvm1",
		"":                                  "",
	} {
		if got := noTTY(in); got != want {
			t.Errorf("noTTY(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBashCompletesADemoDomain loads the generated script into a real bash,
// as a user's shell would, and completes a demo domain name both through
// the completion function bash calls on TAB and through the request it
// sends to virtnic.
func TestBashCompletesADemoDomain(t *testing.T) {
	// Cobra's script needs the bash-completion package, as users' shells
	// have it: scripts/setup.sh test installs it.
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(bashCompletion); err != nil {
		t.Fatalf("bash-completion is not installed (%v): run scripts/setup.sh test", err)
	}
	bin := virtnicBinary(t)
	env := append(os.Environ(), "LIBVIRT_DEFAULT_URI=", "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	bash := func(script string) string {
		t.Helper()
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return string(out)
	}
	// What TAB does after "virtnic --demo show we": bash sets COMP_WORDS
	// and COMP_CWORD and calls the function the script registered.
	tab := func(words ...string) []string {
		t.Helper()
		line := strings.Join(words, " ")
		script := `source ` + bashCompletion + ` || exit 10
source <(virtnic completion bash) || exit 9
fn=$(complete -p virtnic | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
[ -n "$fn" ] || exit 8
COMP_WORDS=(` + shellWords(words) + `)
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=` + strconv.Quote(line) + `
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
"$fn" virtnic "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"`
		return strings.Fields(bash(script))
	}
	if got := tab("virtnic", "--demo", "show", "we"); !slices.Equal(got, []string{"web01"}) {
		t.Errorf("TAB after 'virtnic --demo show we' = %q, want [web01]", got)
	}
	if got := tab("virtnic", "--demo", "set", "web01", "--link", ""); !slices.Equal(got, []string{"up", "down"}) && !slices.Equal(got, []string{"down", "up"}) {
		t.Errorf("TAB after '--link' = %q, want up and down", got)
	}
	// The request itself, as the script sends it.
	out := bash(`virtnic __complete --demo show ""`)
	if !strings.Contains(out, "web01\tID 1\n") || !strings.HasSuffix(out, ":4\n") {
		t.Errorf("virtnic __complete --demo show \"\" in bash:\n%s", out)
	}
}

// shellWords quotes words for a bash array literal.
func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
