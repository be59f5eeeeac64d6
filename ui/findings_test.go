package ui

import (
	"strings"
	"testing"
	"time"

	"virtnic/audit"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/details"
	"virtnic/ui/findings"
)

// The demo host's check findings: marked on their domains' rows, listed by
// !, opened on the finding's NIC by enter; a write by another tool moves
// the mode-mix finding once the event re-reads the domain: build-runner in
// bridge mode leaves router-fw the one private NIC on eth1.
func TestFindingsFromTheList(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	v := view(a)
	if r := rowWith(t, v, "db01"); !strings.Contains(r, "✗1") {
		t.Errorf("db01 (passthrough twice) is not marked: %q", r)
	}
	if r := rowWith(t, v, "build-runner"); !strings.Contains(r, "!1") {
		t.Errorf("build-runner (mode mix) is not marked: %q", r)
	}
	if r := rowWith(t, v, "win2022"); strings.ContainsAny(r, "✗!") {
		t.Errorf("win2022 has no finding but is marked: %q", r)
	}

	press(t, a, "!")
	if _, ok := a.top().(*findings.Model); !ok {
		t.Fatalf("! opened %T", a.top())
	}
	v = view(a)
	mustContain(t, v, "Findings", "[mode-mix]", "[passthrough-twice]", "1 error · 1 warning")
	press(t, a, "enter") // the first: build-runner's NIC 1
	if _, ok := a.top().(*details.Model); !ok {
		t.Fatalf("enter opened %T", a.top())
	}
	mustContain(t, view(a), "build-runner", "52:54:00:3a:30:02", "! mode-mix")

	// Another tool puts the NIC in bridge mode; its event re-reads it.
	c := a.ctx.Conn
	dom, err := c.LoadDomain("build-runner")
	if err != nil {
		t.Fatal(err)
	}
	n := dom.NICs[1]
	n.Mode = model.ModeBridge
	p, err := c.PlanSet(dom, 1, n, libvirtx.PlanOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(p); err != nil {
		t.Fatal(err)
	}
	drain(t, a, update1(a, common.DomainEventMsg{Host: a.ctx, Event: libvirtx.Event{Kind: libvirtx.EventLifecycle, Domain: "build-runner", Detail: "defined"}}))
	press(t, a, "esc", "esc")
	if _, ok := a.top().(*findings.Model); !ok {
		t.Fatalf("esc from the details went to %T", a.top())
	}
	v = view(a)
	mustNotContain(t, v, "build-runner NIC 1")
	mustContain(t, v, "router-fw NIC 1 (52:54:00:3a:50:02)  [mode-mix]", "1 error · 1 warning", "Findings  what virtnic check reports for the demo host")
	press(t, a, "esc")
	v = view(a)
	if r := rowWith(t, v, "build-runner"); strings.Contains(r, "!1") {
		t.Errorf("build-runner still marked after the fix: %q", r)
	}
	if r := rowWith(t, v, "router-fw"); !strings.Contains(r, "!1") {
		t.Errorf("router-fw not marked: %q", r)
	}
}

// Before the survey has arrived there is nothing to check: ! says so.
func TestFindingsBeforeTheSurvey(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	a.ctx.Survey, a.ctx.Findings = nil, nil
	press(t, a, "!")
	if _, ok := a.top().(*findings.Model); ok {
		t.Fatal("! opened the findings without a survey")
	}
	mustContain(t, view(a), "nothing checked yet")
}

// Checks are spaced: a survey change within recheckEvery of the last check
// schedules one check instead of running it, and further changes add none.
func TestFindingsRecheckSpaced(t *testing.T) {
	recheckEvery = time.Hour
	t.Cleanup(func() { recheckEvery = 0 })
	a := newApp(t, opts{demo: true}, 80, 24)
	before := len(a.ctx.Findings)
	if before == 0 {
		t.Fatal("the demo host has no findings to lose")
	}
	a.ctx.Survey.Domains = nil
	_ = a.session.updated()
	if !a.recheckDue || len(a.ctx.Findings) != before {
		t.Fatalf("a change right after a check: due %v, %d findings (was %d)", a.recheckDue, len(a.ctx.Findings), before)
	}
	_ = a.session.updated()
	drain(t, a, update1(a, recheckMsg{}))
	if a.recheckDue || len(a.ctx.Findings) != 0 {
		t.Fatalf("after the scheduled check: due %v, %d findings", a.recheckDue, len(a.ctx.Findings))
	}
}

// Two hosts defining the same guests: ! lists every MAC found on both,
// each finding named by its host, and enter opens the NIC on that host.
func TestFindingsAcrossHosts(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"))
	spare := hostCtx(t, a, "spare")
	press(t, a, "!")
	v := view(a)
	mustContain(t, v, "Findings  what virtnic check reports for every host",
		"spare: vm1 NIC 0 (52:54:00:00:01:01)  [dup-mac-across-hosts]")
	fv := a.top().(*findings.Model)
	for range 40 {
		if f, h, _ := fv.Selected(); f.Rule == audit.RuleDupMACAcross {
			if h != spare || f.Domain != "vm1" || !strings.HasSuffix(f.Fix, "spare.xml set vm1 0 --mac random") {
				t.Fatalf("the first cross-host finding is %+v on %s, want spare's vm1", f, h.HostName())
			}
			break
		}
		press(t, a, "j")
	}
	for _, f := range hostCtx(t, a, "node").Findings {
		if f.Rule == audit.RuleDupMACAcross {
			t.Errorf("the first host carries a cross-host finding too: %+v", f)
		}
	}
	press(t, a, "enter")
	d, ok := a.top().(*details.Model)
	if !ok || d.OnHost() != spare {
		t.Fatalf("enter opened %T on %s", a.top(), msgHostName(a.top()))
	}
}
