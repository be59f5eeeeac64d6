package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A diff line that adds a MAC, in virtnic's and virt-xml's output alike.
var addedMAC = regexp.MustCompile(`(?m)^\+.*<mac address=`)

// scan compares the CPU time of a MAC check against every domain of a big
// test-driver host: virtnic set --mac random --dry-run vs the virt-xml
// command that walks all domains too, and what every connection to the
// node file costs (virsh uri).
func (b *bench) scan() error {
	node, err := filepath.Abs(b.cfg.scanNode)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(node)
	if err != nil {
		return fmt.Errorf("-scan-node: %w", err)
	}
	n := strings.Count(string(data), "<domain ")
	uri, dom := "test://"+node, b.cfg.scanDom
	loadBefore := loadAvg()
	b.logf("scan: %d domains in %s", n, node)
	diff := func(out string) error {
		if !addedMAC.MatchString(out) {
			return fmt.Errorf("no added <mac> line in the output:\n%s", out)
		}
		return nil
	}
	ss := b.measure(b.cfg.runs,
		spec{"virtnic", "virtnic -c test:///…/node.xml set DOM 0 --mac random --dry-run",
			func() [][]string {
				return argv(b.cfg.virtnic, "-c", uri, "set", dom, "0", "--mac", "random", "--dry-run")
			}, diff},
		spec{"virt-xml", "virt-xml -c test:///…/node.xml DOM --add-device --network network=default --print-diff",
			func() [][]string {
				return argv("virt-xml", "-c", uri, dom, "--add-device", "--network", "network=default", "--print-diff")
			}, diff},
		spec{"virsh", "virsh -c test:///…/node.xml uri (baseline: open the driver, parse the node file)",
			func() [][]string { return argv("virsh", "-c", uri, "uri") }, nil},
	)
	var w strings.Builder
	scanReport(&w, ss, n)
	fmt.Fprintf(&w, "\n%s; load average %s before, %s after.\n", machine(b.cfg.rev), loadBefore, loadAvg())
	fmt.Fprintf(&w, "Reproduce: `make bench-remote` (or `RUNS=%d bench/remote.sh`).\n", b.cfg.runs)
	return os.WriteFile(b.cfg.scanOut, []byte(w.String()), 0o644)
}

func scanReport(w *strings.Builder, ss []*series, n int) {
	fmt.Fprintf(w, "## Scanning all domains: CPU (%d test-driver domains)\n\n", n)
	fmt.Fprintf(w, "A libvirt test-driver node file with %d domains (`bench/gennode -n %d`). A new MAC must not\n"+
		"collide with any domain's, so both tools read every domain's XML. virt-xml's closest command\n"+
		"is `--add-device --network … --print-diff`: virtinst's `DeviceInterface.set_defaults` generates the\n"+
		"MAC with `generate_mac` → `check_mac_in_use` → `conn.fetch_all_domains()` (one `XMLDesc` per\n"+
		"domain). `--edit --network mac=…` does not scan: `virtxml.action_edit` never calls\n"+
		"`set_defaults`, and `cli.validate_mac` is used only by virt-install and virt-clone. The last column\n"+
		"counts the domain XML reads in the logged warm-up run, to show that both walk all domains. Every\n"+
		"connection to a test:///file URI parses the whole file; the `virsh uri` row is that cost alone.\n"+
		"CPU is user + system time of the process, median of the timed runs (tools taking turns).\n\n", n, n)
	w.WriteString("| tool | command | runs | CPU min / **median** / max (s) | wall median (s) | virDomainGetXMLDesc calls |\n")
	w.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, s := range ss {
		cpu, wall := "failed", "–"
		if s.ok() {
			cpu, wall = spreadCell(s.cpus()), secs(s.walls().med)
		}
		reads := "–"
		if s.api.api != nil { // counted
			reads = fmt.Sprint(s.api.api["virDomainGetXMLDesc"])
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s |\n", s.tool, s.label, runsCell(s), cpu, wall, reads)
	}
	vn, vx, base := ss[0], ss[1], ss[2]
	w.WriteString("\n")
	if !vn.ok() || !vx.ok() {
		w.WriteString("Goal ≤ 1.1× virt-xml's CPU: not measured.\n")
	} else {
		r := ratio(vn.cpus().med, vx.cpus().med)
		verdict := "not met"
		if r <= 1.1 {
			verdict = "met"
		}
		fmt.Fprintf(w, "Goal (the engine's target) virtnic CPU ≤ 1.1× virt-xml's: %.2f / %.2f = **%.2f×**, %s.",
			vn.cpus().med.Seconds(), vx.cpus().med.Seconds(), r, verdict)
		if base.ok() && vx.cpus().med > base.cpus().med {
			b := base.cpus().med
			fmt.Fprintf(w, " Above the baseline (what loading the node file costs everyone): %.2f×.",
				ratio(vn.cpus().med-b, vx.cpus().med-b))
		}
		w.WriteString("\n")
	}
	for _, s := range ss {
		for _, err := range s.failed {
			fmt.Fprintf(w, "\n%s: a failed run, repeated: %s\n", s.tool, brief(err))
		}
		if s.err != nil {
			fmt.Fprintf(w, "\n%s stopped early: %s\n", s.tool, brief(s.err))
		}
	}
}
