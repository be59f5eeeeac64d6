package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// Anyone with CAP_NET_ADMIN can name a link with ESC or bytes that are not
// UTF-8; libvirt then puts them raw into interface and node device XML that
// no XML parser accepts. Every command must still work, skip those links
// with a warning that shows the name escaped, and never print it raw.
func TestHostileLinkNamesDisableNothing(t *testing.T) {
	d := testdaemon.Shared(t)
	bin := virtnicBinary(t)
	pid := os.Getpid() % 1000
	escName, badName := fmt.Sprintf("vn\x1b[%d", pid), fmt.Sprintf("vn\xff%d", pid)
	testdaemon.VethNamed(t, escName, badName)
	good, _ := testdaemon.Veth(t, "vnhl")
	const dom = "vnhostile1"
	d.DefineDomain(t, dom, testdaemon.DisklessDomainXML(dom, testdaemon.MAC(0x7f0500), good, "bridge"))
	uri := d.URI()

	for _, args := range [][]string{
		{"list"}, {"show", dom}, {"sources"}, {"sources", "--json"},
		{"set", dom, "0", "--link", "down", "--dry-run"},
		{"set", dom, "0", "--direct", good, "--mode", "vepa", "--dry-run"},
		{"set", dom, "0", "--mac", "random"},
		{"add", dom, "--direct", good},
	} {
		r := runBin(bin, append([]string{"-c", uri}, args...)...)
		what := strings.Join(args, " ")
		if r.code != 0 {
			t.Errorf("%s: exit %d\n%s", what, r.code, r.stderr)
		}
		assertClean(t, what+" (stdout)", r.stdout)
		assertClean(t, what+" (stderr)", r.stderr)
	}
	r := runBin(bin, "-c", uri, "sources")
	if !strings.Contains(r.stderr, `vn\x1b[`) || !strings.Contains(r.stderr, "skipped") {
		t.Errorf("no escaped warning for the ESC link:\n%s", r.stderr)
	}
	t.Logf("sources stderr:\n%s", r.stderr)
	if !strings.Contains(r.stdout, good) {
		t.Errorf("the ordinary link %s is missing from sources:\n%s", good, r.stdout)
	}
}
