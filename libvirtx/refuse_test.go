package libvirtx_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"virtnic/libvirtx"
	"virtnic/model"
)

func TestValidationRefusesAndWritesNothing(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	n := d.NICs[0]
	n.VirtualPort = &model.VirtualPort{Type: model.VPortQbg, ManagerID: u(0), TypeID: u(1 << 24), TypeIDVersion: u(256)}
	n.MAC = "52:54:00:20:00:01" // held by domain "live"
	_, err := c.SetNIC(d, 0, n)
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want ValidationError", err)
	}
	fields := map[string]bool{}
	for _, p := range ve.Problems {
		fields[p.Field] = true
	}
	for _, f := range []string{"managerid", "typeid", "typeidversion", "mac"} {
		if !fields[f] {
			t.Errorf("no problem reported for %s: %v", f, ve.Problems)
		}
	}
	if now := load(t, c, "rich"); now.InactiveXML != d.InactiveXML {
		t.Error("a refused edit changed the domain")
	}
}

func TestPassthroughConflictWithRunningDomain(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	n := d.NICs[0]
	n.Dev, n.Mode, n.VirtualPort = "eno1", model.ModeBridge, nil
	_, err := c.SetNIC(d, 0, n)
	var ve *model.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Error(), "pt-owner") {
		t.Fatalf("err = %v, want a passthrough conflict naming pt-owner", err)
	}
}

func TestReadOnlyConnectionCannotWrite(t *testing.T) {
	p, _ := filepath.Abs("testdata/write-node.xml")
	c, err := libvirtx.Open("test://"+p, true)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d := load(t, c, "rich")
	n := d.NICs[0]
	n.Link = "down"
	_, err = c.SetNIC(d, 0, n)
	var le *libvirtx.Error
	if !errors.As(err, &le) || le.Code != libvirtx.CodeOperationDenied {
		t.Fatalf("err = %v, want libvirt operation denied", err)
	}
	if !strings.Contains(le.Error(), "read only access prevents") {
		t.Errorf("error lacks libvirt's own words: %v", le)
	}
}

// A NIC virtnic cannot edit faithfully (here libvirt's "user" type) is
// refused by name, and removing it still works: removal needs no re-marshal.
func TestUneditableNICIsRefusedButRemovable(t *testing.T) {
	c, err := libvirtx.OpenDemo(false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d := load(t, c, "legacy-app")
	idx := -1
	for i, n := range d.NICs {
		if n.Kind == "user" {
			idx = i
		}
	}
	if idx < 0 || d.NICs[idx].Editable {
		t.Fatalf("demo legacy-app should hold a non-editable user NIC: %+v", d.NICs)
	}
	n := d.NICs[idx]
	n.Link = "down"
	_, err = c.SetNIC(d, idx, n)
	var ve *model.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Error(), `"user"`) {
		t.Fatalf("err = %v, want a refusal naming the user type", err)
	}
	if _, err := c.RemoveNIC(d, idx); err != nil {
		t.Fatalf("remove: %v", err)
	}
	after := load(t, c, "legacy-app")
	if len(after.NICs) != len(d.NICs)-1 {
		t.Errorf("NICs after remove: %+v", after.NICs)
	}
	assertOnlyNICChanged(t, d.InactiveXML, after.InactiveXML, idx, -1)
}

func TestTransientDomainIsNotRedefined(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "ephemeral")
	if d.Info.Persistent {
		t.Fatal("fixture domain ephemeral should be transient")
	}
	n := d.NICs[0]
	n.Link = "down"
	if _, err := c.SetNIC(d, 0, n); !errors.Is(err, libvirtx.ErrNotPersistent) {
		t.Fatalf("err = %v, want ErrNotPersistent", err)
	}
	if now := load(t, c, "ephemeral"); now.Info.Persistent || now.NICs[0].Link != "up" {
		t.Errorf("transient domain was written: persistent %v link %s", now.Info.Persistent, now.NICs[0].Link)
	}
}

// Commands built before a reconnect may run on the closed connection: they
// must fail as a lost connection, not crash.
func TestClosedConnectionFailsCleanly(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	c.Close()
	calls := map[string]func() error{
		"ListDomains": func() error { _, err := c.ListDomains(); return err },
		"LoadDomain":  func() error { _, err := c.LoadDomain("rich"); return err },
		"Sources":     func() error { _, _, err := c.Sources(); return err },
		"Survey":      func() error { _, err := c.Survey(libvirtx.SurveyOpts{}); return err },
		"SurveyDomain": func() error {
			_, _, err := c.SurveyDomain("rich", libvirtx.SurveyOpts{})
			return err
		},
		"SetNIC":    func() error { _, err := c.SetNIC(d, 0, d.NICs[0]); return err },
		"AddNIC":    func() error { _, err := c.AddNIC(d, model.NIC{}); return err },
		"RemoveNIC": func() error { _, err := c.RemoveNIC(d, 0); return err },
	}
	for name, call := range calls {
		var le *libvirtx.Error
		if err := call(); !errors.As(err, &le) || le.Kind != libvirtx.KindConnLost || le.Meaning == "" {
			t.Errorf("%s on a closed connection: %v", name, err)
		}
	}
}

func TestIsConnectionLost(t *testing.T) {
	c := openWriteNode(t)
	c.Close()
	_, err := c.ListDomains()
	if !libvirtx.IsConnectionLost(err) {
		t.Errorf("closed connection: IsConnectionLost(%v) = false", err)
	}
	c2 := openWriteNode(t)
	if _, err := c2.LoadDomain("nope"); err == nil || libvirtx.IsConnectionLost(err) {
		t.Errorf("missing domain: IsConnectionLost(%v) = true", err)
	}
}

func TestNICIndexOutOfRangeIsAValidationError(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	for _, idx := range []int{-1, 3} {
		var ve *model.ValidationError
		if _, err := c.SetNIC(d, idx, model.NIC{}); !errors.As(err, &ve) {
			t.Errorf("SetNIC(%d): %v, want a validation error", idx, err)
		}
		if _, err := c.RemoveNIC(d, idx); !errors.As(err, &ve) {
			t.Errorf("RemoveNIC(%d): %v, want a validation error", idx, err)
		}
	}
}
