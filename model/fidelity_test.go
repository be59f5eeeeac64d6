package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCheckRoundTripHostile(t *testing.T) {
	cases := []struct {
		name      string
		raw       string
		cause     bool
		lost      []string
		added     []string
		msgSubstr string
	}{
		{
			name:      "future element",
			raw:       "<interface type='network'>\n  <source network='default'/>\n  <futureelem mode='x'><sub/></futureelem>\n</interface>",
			lost:      []string{"/interface/futureelem[@mode=x]", "/interface/futureelem/sub"},
			msgSubstr: `this NIC's XML holds <interface/futureelem mode="x"> that virtnic's libvirtxml cannot preserve; edit it with virsh edit`,
		},
		{
			name:      "unknown attribute on model",
			raw:       `<interface type="bridge"><source bridge="br0"/><model type="virtio" fancy="yes"/></interface>`,
			lost:      []string{"/interface/model[@fancy=yes,@type=virtio]"},
			added:     []string{"/interface/model[@type=virtio]"},
			msgSubstr: `<interface/model fancy="yes">`,
		},
		{
			name:      "unknown interface type without source",
			raw:       `<interface type='quantum'><mac address='52:54:00:00:00:01'/></interface>`,
			lost:      []string{"/interface[@type=quantum]"},
			added:     []string{"/interface"},
			msgSubstr: `<interface type="quantum">`,
		},
		{
			name:      "unknown interface type with source",
			raw:       `<interface type='quantum'><source dev='q0'/><model type='virtio'/></interface>`,
			cause:     true,
			lost:      []string{"/interface/source[@dev=q0]"},
			msgSubstr: `<interface/source dev="q0"> that virtnic's libvirtxml cannot read`,
		},
		{
			name:      "unknown virtualport type with parameters",
			raw:       `<interface type='bridge'><source bridge='br0'/><virtualport type='nextgen'><parameters portid='7'/></virtualport></interface>`,
			cause:     true,
			lost:      []string{"/interface/virtualport/parameters[@portid=7]"},
			msgSubstr: `<interface/virtualport/parameters portid="7">`,
		},
		{
			name:      "unknown virtualport type without parameters",
			raw:       `<interface type='bridge'><source bridge='br0'/><virtualport type='nextgen'/></interface>`,
			lost:      []string{"/interface/virtualport[@type=nextgen]"},
			added:     []string{"/interface/virtualport"},
			msgSubstr: `<interface/virtualport type="nextgen">`,
		},
		{
			name:      "live network NIC shown as direct",
			raw:       `<interface type='direct'><source network='macvtap-net' portid='9f1d7c55-2a6b-4c8e-b1f0-3e5d7a9c2b44' dev='eth1' mode='bridge'/></interface>`,
			lost:      []string{"/interface/source[@dev=eth1,@mode=bridge,@network=macvtap-net,@portid=9f1d7c55-2a6b-4c8e-b1f0-3e5d7a9c2b44]"},
			added:     []string{"/interface/source[@dev=eth1,@mode=bridge]"},
			msgSubstr: `<interface/source network="macvtap-net" portid="9f1d7c55-2a6b-4c8e-b1f0-3e5d7a9c2b44">`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckRoundTrip(tc.raw)
			var fe *FidelityError
			if !errors.As(err, &fe) {
				t.Fatalf("want *FidelityError, got %v", err)
			}
			if (fe.Cause != nil) != tc.cause {
				t.Fatalf("cause %v", fe.Cause)
			}
			if !reflect.DeepEqual(fe.Lost, tc.lost) || !reflect.DeepEqual(fe.Added, tc.added) {
				t.Fatalf("lost %q added %q", fe.Lost, fe.Added)
			}
			if !strings.Contains(err.Error(), tc.msgSubstr) {
				t.Fatalf("message %q lacks %q", err, tc.msgSubstr)
			}
		})
	}
}

func TestCheckRoundTripAccepts(t *testing.T) {
	for name, raw := range map[string]string{
		"bare openvswitch virtualport": "<interface type='bridge'>\n  <source bridge='ovsbr0'/>\n  <virtualport type='openvswitch'/>\n</interface>",
		"double quotes":                `<interface type="network"><source network="default" portgroup="web"/><model type="virtio"/></interface>`,
		"CRLF":                         "<interface type='network'>\r\n  <source network='default'/>\r\n  <link state='down'/>\r\n</interface>",
		"comment inside":               "<interface type='user'><!-- <futureelem/> --><mac address='52:54:00:00:00:01'/></interface>",
		"escaped attribute":            `<interface type='bridge'><source bridge='br&amp;0'/><alias name='ua-&apos;x&apos;'/></interface>`,
	} {
		if err := CheckRoundTrip(raw); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The forgiveness covers one empty <parameters/> where there was none,
	// nothing more.
	for name, raw := range map[string]string{
		"typeless": `<interface type='network'><source network='n'/><virtualport/></interface>`,
		"midonet":  `<interface type='bridge'><source bridge='br0'/><virtualport type='midonet'/></interface>`,
		"802.1Qbg": `<interface type='direct'><source dev='eth0'/><virtualport type='802.1Qbg'/></interface>`,
	} {
		if err := CheckRoundTrip(raw); err != nil {
			t.Errorf("bare %s virtualport: %v", name, err)
		}
	}
	if err := CheckRoundTrip(`<interface type='bridge'><source bridge='br0'/><virtualport type='openvswitch'><parameters/><parameters/></virtualport></interface>`); err == nil {
		t.Error("a second <parameters> was silently dropped")
	}
	if err := CheckRoundTrip("<interface"); err == nil || errors.As(err, new(*FidelityError)) {
		t.Fatalf("malformed XML should be a plain error, got %v", err)
	}
	if err := CheckRoundTrip("<disk/>"); err == nil {
		t.Fatal("non-interface accepted")
	}
}

func TestParseInterface(t *testing.T) {
	doc := mustRead(t, "testdata/qemu/inactive-q35-secure.xml")
	els, _ := InterfaceElements(doc)
	iface, err := ParseInterface(els[3])
	if err != nil {
		t.Fatal(err)
	}
	if iface.Source.Direct == nil || iface.Source.Direct.Dev != "eth0.100" || iface.Source.Direct.Mode != "vepa" {
		t.Fatalf("source %+v", iface.Source)
	}
	q := iface.VirtualPort.Params.VEPA8021QBG
	if q == nil || *q.ManagerID != 11 || *q.TypeID != 1193047 || *q.TypeIDVersion != 2 || q.InstanceID != "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f" {
		t.Fatalf("Qbg %+v", q)
	}
	if _, err := ParseInterface("<interface type='quantum'><source dev='x'/></interface>"); err == nil {
		t.Fatal("unknown type with source parsed")
	}
}

// TestCheckRoundTripAddressNumbers: libvirtxml prints address numbers in its
// own format; the same number in another spelling is not a loss, a number
// libvirt would read differently still is.
func TestCheckRoundTripAddressNumbers(t *testing.T) {
	for name, addr := range map[string]string{
		"libvirt's spapr-vio reg":    `<address type='spapr-vio' reg='0x00001000'/>`,
		"decimal PCI (virt-install)": `<address type="pci" domain="0" bus="0" slot="16" function="0"/>`,
		"short ccw devno":            `<address type="ccw" cssid="0xfe" ssid="0" devno="01"/>`,
		"octal PCI slot":             `<address type='pci' domain='0x0000' bus='0x00' slot='011' function='0x0'/>`,
	} {
		raw := "<interface type='user'><model type='virtio'/>" + addr + "</interface>"
		if err := CheckRoundTrip(raw); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	err := CheckRoundTrip(`<interface type='user'><address type='pci' domain='0' bus='0' slot='1_0' function='0'/></interface>`)
	var fe *FidelityError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `<interface/address slot="1_0">`) {
		t.Fatalf("a slot libvirt cannot read but libvirtxml rewrites as 0x0a passed: %v", err)
	}
}
