package libvirtx_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/model"
)

func openDemo(t *testing.T, readOnly bool) *libvirtx.Conn {
	t.Helper()
	c, err := libvirtx.OpenDemo(readOnly)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// The demo's node devices, read by the test driver as written, give PF
// ens1f0 with its eight VFs in index order, each with its interface; the
// survey and the lone SRIOV read agree, and the pool of four of its VFs is
// accounted from them.
func TestSRIOVOfTheDemo(t *testing.T) {
	c := openDemo(t, true)
	s, err := c.Survey(libvirtx.SurveyOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.SRIOV.PFs) != 1 {
		t.Fatalf("PFs %+v", s.SRIOV.PFs)
	}
	pf := s.SRIOV.PFs[0]
	if pf.Netdev != "ens1f0" || pf.PCI.String() != "0000:03:00.0" || pf.MaxVFs != 32 || pf.Product != "Ethernet Controller X710 for 10GbE SFP+" {
		t.Errorf("PF %+v", pf)
	}
	var got []string
	for _, v := range pf.VFs {
		got = append(got, fmt.Sprintf("%d %s %s", v.Index, v.Netdev, v.PCI))
	}
	var want []string
	for i := 0; i < 8; i++ {
		want = append(want, fmt.Sprintf("%d ens1f0v%d 0000:03:02.%d", i, i, i))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VFs %v, want %v", got, want)
	}
	alone, warnings, err := c.SRIOV()
	if err != nil || len(warnings) != 0 || !reflect.DeepEqual(alone, s.SRIOV) {
		t.Errorf("SRIOV() = %+v, %v, %v; the survey read %+v", alone, warnings, err, s.SRIOV)
	}

	src := s.Sources()
	p := src.Pools["sriov-pool"]
	if p.Mode != "hostdev" || p.PF != "" || p.Size != 4 || p.InUse != 0 || p.Reserved != 0 || p.Free != 4 || len(p.Guests) != 1 {
		t.Errorf("sriov-pool: %+v", p)
	}
	for i, m := range p.Members {
		if m.VF == nil || m.VF.VF.Index != i+2 || m.Dev != fmt.Sprintf("ens1f0v%d", i+2) {
			t.Errorf("member %d: %+v", i, m)
		}
	}
	states := map[string]model.VFState{}
	for _, v := range src.SRIOV[0].VFs {
		states[v.Netdev] = v.State
	}
	if !reflect.DeepEqual(states, map[string]model.VFState{"ens1f0v0": model.VFReserved, "ens1f0v1": model.VFTaken,
		"ens1f0v2": model.VFFree, "ens1f0v3": model.VFFree, "ens1f0v4": model.VFFree, "ens1f0v5": model.VFFree,
		"ens1f0v6": model.VFReserved, "ens1f0v7": model.VFReserved}) {
		t.Errorf("VF states %v", states)
	}
}

// A change that puts a direct NIC on a device reads the SR-IOV functions,
// so a VF a hostdev NIC holds by PCI address is found taken; a link toggle
// reads none of it.
func TestEditContextReadsSRIOV(t *testing.T) {
	c := openDemo(t, false)
	d := load(t, c, "web01")
	n := d.NICs[1]
	n.Dev, n.Mode = "ens1f0v0", model.ModePassthrough
	p, err := c.PlanSet(d, 1, n, libvirtx.PlanOpts{})
	if err != nil {
		t.Fatalf("PlanSet: %v", err)
	}
	var warned bool
	for _, w := range p.Warnings {
		warned = warned || strings.Contains(w, "source ens1f0v0 is also used by domain dpdk-node (NIC 0, mode hostdev)")
	}
	if !warned {
		t.Errorf("passthrough on the VF dpdk-node holds (off): warnings %v", p.Warnings)
	}
}

// A hostdev NIC's MAC is written losslessly; its link state is refused
// and nothing is written.
func TestHostdevNICMACWrite(t *testing.T) {
	c := openDemo(t, false)
	d := load(t, c, "dpdk-node")
	n := d.NICs[0]
	if n.Kind != model.KindHostdev || n.HostdevPCI != "0000:03:02.0" || !n.Editable {
		t.Fatalf("dpdk-node NIC 0 reads %+v", n)
	}
	n.MAC = "52:54:00:3a:c0:09"
	if _, err := c.SetNIC(d, 0, n); err != nil {
		t.Fatalf("SetNIC MAC: %v", err)
	}
	after := load(t, c, "dpdk-node")
	if after.NICs[0].MAC != "52:54:00:3a:c0:09" || after.NICs[0].HostdevPCI != "0000:03:02.0" {
		t.Errorf("after the write: %+v", after.NICs[0])
	}
	assertOnlyNICChanged(t, d.InactiveXML, after.InactiveXML, 0, 0)
	elems, _ := model.InterfaceElements(after.InactiveXML)
	if !strings.Contains(elems[0], "<interface type='hostdev' managed='yes'>") || !strings.Contains(elems[0], "function='0x0'") {
		t.Errorf("the hostdev element lost its shape:\n%s", elems[0])
	}

	n = after.NICs[0]
	n.Link = "down"
	_, err := c.SetNIC(after, 0, n)
	var ve *model.ValidationError
	if err == nil || !asValidation(err, &ve) || !strings.Contains(err.Error(), "link cannot be changed on a type='hostdev' NIC") {
		t.Errorf("link on a hostdev NIC: %v", err)
	}
	if again := load(t, c, "dpdk-node"); again.Fingerprint != after.Fingerprint {
		t.Error("a refused edit changed the domain")
	}
}

func asValidation(err error, ve **model.ValidationError) bool {
	v, ok := err.(*model.ValidationError)
	if ok {
		*ve = v
	}
	return ok
}
