package model

import (
	"reflect"
	"testing"
)

func TestDeviceConflicts(t *testing.T) {
	direct := func(dom string, idx int, mode Mode, running bool) DeviceUse {
		return DeviceUse{Domain: dom, Index: idx, Mode: mode, Running: running}
	}
	via := func(dom, net string, pool int, mode Mode, running bool) DeviceUse {
		return DeviceUse{Domain: dom, Mode: mode, Running: running, Network: net, Pool: pool}
	}
	type want struct {
		kind     ConflictKind
		severity Severity
		reason   string
	}
	tests := []struct {
		name string
		uses []DeviceUse
		want []want
	}{
		{name: "nobody", uses: nil, want: nil},
		{name: "one passthrough holder alone", uses: []DeviceUse{direct("db01", 0, ModePassthrough, true)}, want: nil},
		{name: "all in bridge mode talk directly", uses: []DeviceUse{
			direct("web01", 1, ModeBridge, true), direct("web02", 0, ModeBridge, false), via("mail", "macvtap-net", 1, ModeBridge, false),
		}, want: nil},
		{name: "one mode, vepa, is no mix", uses: []DeviceUse{direct("a", 0, ModeVEPA, true), direct("b", 0, ModeVEPA, true)}, want: nil},
		{name: "two holders, one running", uses: []DeviceUse{
			direct("db01", 0, ModePassthrough, true), direct("ci-worker", 0, ModePassthrough, false),
		}, want: []want{{ConflictPassthroughTwice, SeverityError,
			"db01 and ci-worker both pass enp65s0f0 through: only one of them can run at a time (db01 is running)"}}},
		{name: "three holders, none running", uses: []DeviceUse{
			direct("a", 0, ModePassthrough, false), direct("b", 0, ModePassthrough, false), direct("c", 2, ModePassthrough, false),
		}, want: []want{{ConflictPassthroughTwice, SeverityError,
			"a, b and c all pass enp65s0f0 through: only one of them can run at a time (none of them is running now)"}}},
		{name: "one domain passes it through twice", uses: []DeviceUse{
			direct("a", 0, ModePassthrough, false), direct("a", 1, ModePassthrough, false),
		}, want: []want{{ConflictPassthroughTwice, SeverityError,
			"a passes enp65s0f0 through on 2 NICs: a device can be passed through only once (none of them is running now)"}}},
		{name: "held while others share it", uses: []DeviceUse{
			direct("db01", 0, ModePassthrough, true), direct("web01", 1, ModeBridge, false), via("mail", "macvtap-net", 1, ModeBridge, false),
		}, want: []want{{ConflictPassthroughShared, SeverityError,
			"enp65s0f0 is passed through to db01, so web01 and mail via macvtap-net cannot use it at the same time (db01 is running)"}}},
		{name: "a passthrough network of one device holds it", uses: []DeviceUse{
			via("vm1", "pt-net", 1, ModePassthrough, true), direct("vm2", 0, ModePassthrough, false),
		}, want: []want{{ConflictPassthroughTwice, SeverityError,
			"vm1 via pt-net and vm2 both pass enp65s0f0 through: only one of them can run at a time (vm1 is running)"}}},
		{name: "a pool of several devices may pick another one", uses: []DeviceUse{
			via("vm1", "pt-pool", 4, ModePassthrough, true), direct("web01", 0, ModeBridge, true),
		}, want: []want{{ConflictPassthroughShared, SeverityWarning,
			"enp65s0f0 may be passed through to vm1 via pt-pool, so web01 cannot use it at the same time (vm1 and web01 are running)"}}},
		{name: "guests of one pool get a member each", uses: []DeviceUse{
			via("vm1", "pt-pool", 4, ModePassthrough, true), via("vm2", "pt-pool", 4, ModePassthrough, true),
		}, want: nil},
		{name: "guests of two pools may meet", uses: []DeviceUse{
			via("vm1", "pt-a", 2, ModePassthrough, false), via("vm2", "pt-b", 2, ModePassthrough, false),
		}, want: []want{{ConflictPassthroughTwice, SeverityWarning,
			"vm1 via pt-a and vm2 via pt-b may both pass enp65s0f0 through: only one of them can run at a time (none of them is running now)"}}},
		{name: "bridge and vepa need a hairpin switch", uses: []DeviceUse{
			direct("web01", 1, ModeBridge, true), direct("router-fw", 0, ModeVEPA, true),
		}, want: []want{{ConflictModeMix, SeverityWarning,
			"router-fw (vepa) and web01 (bridge) reach each other on enp65s0f0 only through a hairpin-capable switch: " + whyVEPA}}},
		{name: "private isolates, one conflict per pair of modes", uses: []DeviceUse{
			direct("web01", 1, ModeBridge, true), direct("build-runner", 1, ModePrivate, false),
			direct("router-fw", 1, ModePrivate, true), via("mail", "macvtap-net", 1, ModeBridge, false),
			direct("edge", 0, ModeVEPA, false),
		}, want: []want{
			{ConflictModeMix, SeverityWarning, "edge (vepa) and web01, mail via macvtap-net (bridge) reach each other on enp65s0f0 only through a hairpin-capable switch: " + whyVEPA},
			{ConflictModeMix, SeverityWarning, "build-runner, router-fw (private) and web01, mail via macvtap-net (bridge) do not reach each other on enp65s0f0: " + whyPrivate},
			{ConflictModeMix, SeverityWarning, "build-runner, router-fw (private) and edge (vepa) do not reach each other on enp65s0f0: " + whyPrivate},
		}},
		{name: "every rule at once, in order", uses: []DeviceUse{
			direct("a", 0, ModePassthrough, false), direct("b", 0, ModePassthrough, false),
			direct("c", 0, ModeBridge, false), direct("d", 0, ModePrivate, false),
		}, want: []want{
			{ConflictPassthroughTwice, SeverityError, "a and b both pass enp65s0f0 through: only one of them can run at a time (none of them is running now)"},
			{ConflictPassthroughShared, SeverityError, "enp65s0f0 is passed through to a, so c and d cannot use it at the same time (none of them is running now)"},
			{ConflictPassthroughShared, SeverityError, "enp65s0f0 is passed through to b, so c and d cannot use it at the same time (none of them is running now)"},
			{ConflictModeMix, SeverityWarning, "d (private) and c (bridge) do not reach each other on enp65s0f0: " + whyPrivate},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := DeviceConflicts("enp65s0f0", tc.uses)
			var got []want
			for _, c := range cs {
				if c.Device != "enp65s0f0" || len(c.A) == 0 {
					t.Errorf("conflict %+v: device or A side missing", c)
				}
				if c.Certain != (c.Severity == SeverityError) && c.Kind != ConflictModeMix {
					t.Errorf("conflict %+v: certain %v but severity %v", c, c.Certain, c.Severity)
				}
				got = append(got, want{c.Kind, c.Severity, c.Reason})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// The sides name the NICs involved, so a screen can mark their rows.
func TestDeviceConflictSides(t *testing.T) {
	h := DeviceUse{Domain: "db01", Mode: ModePassthrough, Running: true}
	o := DeviceUse{Domain: "web01", Index: 1, Mode: ModeBridge}
	cs := DeviceConflicts("eth1", []DeviceUse{o, h})
	if len(cs) != 1 || !reflect.DeepEqual(cs[0].A, []DeviceUse{h}) || !reflect.DeepEqual(cs[0].B, []DeviceUse{o}) {
		t.Fatalf("%+v", cs)
	}
}
