package model

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

// corpusNIC is one NIC of the corpus as the coverage classes see it: its raw
// text with single quotes only, what NICFromXML read, and whether some other
// NIC of the same file carries its MAC.
type corpusNIC struct {
	raw       string
	nic       NIC
	sharedMAC bool
}

func (c corpusNIC) has(parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(c.raw, p) {
			return false
		}
	}
	return true
}

func kindIs(k SourceKind) func(corpusNIC) bool {
	return func(c corpusNIC) bool { return c.nic.Kind == k }
}

func directMode(m Mode) func(corpusNIC) bool {
	return func(c corpusNIC) bool { return c.nic.Kind == KindDirect && c.nic.Mode == m }
}

func vportIs(t VPortType, withParams bool) func(corpusNIC) bool {
	return func(c corpusNIC) bool {
		vp := c.nic.VirtualPort
		return vp != nil && vp.Type == t && withParams == c.has("<parameters")
	}
}

func rawHas(parts ...string) func(corpusNIC) bool {
	return func(c corpusNIC) bool { return c.has(parts...) }
}

// realworldClasses are the NIC classes the corpus exists to cover; each
// must occur at least once, so pruning a fixture cannot silently drop one.
var realworldClasses = []struct {
	name string
	in   func(corpusNIC) bool
}{
	{"network with portgroup", func(c corpusNIC) bool { return c.nic.Kind == KindNetwork && c.nic.PortGroup != "" }},
	{"bridge", kindIs(KindBridge)},
	{"direct mode=bridge", directMode(ModeBridge)},
	{"direct mode=vepa", directMode(ModeVEPA)},
	{"direct mode=private", directMode(ModePrivate)},
	{"direct mode=passthrough", directMode(ModePassthrough)},
	{"direct without mode", directMode("")},
	{"user", kindIs("user")}, {"ethernet", kindIs("ethernet")}, {"vhostuser", kindIs("vhostuser")},
	{"server", kindIs("server")}, {"client", kindIs("client")}, {"mcast", kindIs("mcast")},
	{"udp", kindIs("udp")}, {"hostdev", kindIs("hostdev")}, {"vdpa", kindIs("vdpa")},
	{"null", kindIs("null")}, {"vds", kindIs("vds")}, {"internal", kindIs("internal")},
	{"virtualport 802.1Qbg", vportIs(VPortQbg, true)},
	{"virtualport 802.1Qbh", vportIs(VPortQbh, true)},
	{"virtualport openvswitch", vportIs(VPortOpenVSwitch, true)},
	{"virtualport openvswitch, bare", vportIs(VPortOpenVSwitch, false)},
	{"virtualport midonet", vportIs(VPortMidonet, true)},
	{"typeless virtualport with parameters, network NIC", func(c corpusNIC) bool {
		return c.nic.Kind == KindNetwork && vportIs(VPortNone, true)(c)
	}},
	{"typeless virtualport, bare", vportIs(VPortNone, false)},
	{"vlan single tag", func(c corpusNIC) bool { return c.has("<vlan>") && strings.Count(c.raw, "<tag ") == 1 }},
	{"vlan trunk", rawHas("<vlan trunk='yes'>")},
	{"vlan nativeMode", rawHas("nativeMode=")},
	{"mtu", rawHas("<mtu ")}, {"bandwidth", rawHas("<bandwidth>")}, {"bandwidth floor", rawHas("floor=")},
	{"driver queues", rawHas("<driver", "queues=")},
	{"driver host+guest offloads", rawHas("<host ", "<guest ")},
	{"tune", rawHas("<tune>")}, {"coalesce", rawHas("<coalesce>")},
	{"teaming", rawHas("<teaming ")},
	{"teaming pair sharing one MAC", func(c corpusNIC) bool { return c.has("<teaming ") && c.sharedMAC }},
	{"rom", rawHas("<rom ")}, {"boot order", rawHas("<boot order=")},
	{"alias ua-", rawHas("<alias name='ua-")},
	{"address pci", rawHas("<address type='pci'")},
	{"address pci in decimal", rawHas("<address type='pci' domain='0' ")},
	{"address spapr-vio reg='0x00001000'", rawHas("<address type='spapr-vio' reg='0x00001000'/>")},
	{"address ccw", rawHas("<address type='ccw'")},
	{"source bridge=''", rawHas("<source bridge=''/>")},
	{"mac 00:00:00:00:00:00", rawHas("<mac address='00:00:00:00:00:00'/>")},
	{"filterref with parameters", rawHas("<filterref ", "<parameter ")},
	{"ip", rawHas("<ip ")}, {"route", rawHas("<route ")}, {"backend", rawHas("<backend ")},
	{"acpi index", rawHas("<acpi index=")}, {"port isolated", rawHas("<port isolated=")},
	{"trustGuestRxFilters", rawHas("trustGuestRxFilters=")}, {"link state", rawHas("<link state=")},
	{"model virtio-transitional", func(c corpusNIC) bool { return c.nic.Model == "virtio-transitional" }},
}

func TestRealWorldCoverage(t *testing.T) {
	var all []corpusNIC
	editable := 0
	for _, doc := range realworldDocs(t) {
		els, err := InterfaceElements(doc)
		if err != nil {
			t.Fatal(err)
		}
		macs := map[string]int{}
		var file []corpusNIC
		for i, raw := range els {
			iface, err := ParseInterface(raw)
			if err != nil {
				t.Fatal(err)
			}
			c := corpusNIC{raw: strings.ReplaceAll(raw, `"`, `'`), nic: NICFromXML(i, iface)}
			macs[c.nic.MAC]++
			file = append(file, c)
			if c.nic.Editable && CheckRoundTrip(raw) == nil {
				editable++
			}
		}
		for _, c := range file {
			c.sharedMAC = macs[c.nic.MAC] > 1
			all = append(all, c)
		}
	}
	var counts []string
	for _, cl := range realworldClasses {
		n := 0
		for _, c := range all {
			if cl.in(c) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("the corpus has no NIC of class %q", cl.name)
		}
		counts = append(counts, cl.name+": "+strconv.Itoa(n))
	}
	sort.Strings(counts)
	t.Logf("%d NICs, %d editable and lossless; per class:\n  %s", len(all), editable, strings.Join(counts, "\n  "))
}
