package model

import (
	"strings"
	"testing"
)

// checkHostdevMACEdit: a hostdev NIC takes a MAC change and nothing else.
// The new MAC reaches the domain as the one changed attribute, reads back,
// and Validate accepts it; a link toggle is refused by Validate and by
// ApplyToXML, naming the field.
func checkHostdevMACEdit(t *testing.T, doc, raw string, old NIC) {
	t.Helper()
	i := old.Index
	edited := old
	edited.MAC = "52:54:00:ab:cd:ef"
	iface, err := ParseInterface(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := ApplyToXML(iface, old, edited); err != nil {
		t.Fatalf("NIC %d: ApplyToXML of a MAC change: %v", i, err)
	}
	elem, err := iface.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	after, err := ReplaceInterface(doc, i, elem)
	if err != nil {
		t.Fatalf("NIC %d: ReplaceInterface: %v", i, err)
	}
	d, err := SemanticDiff(doc, after)
	if err != nil {
		t.Fatal(err)
	}
	const p = "/domain/devices/interface/mac[@address="
	want := []string{"- " + p + old.MAC + "]", "+ " + p + edited.MAC + "]"}
	if bareVPort(t, raw) {
		want = append(want, "+ /domain/devices/interface/virtualport/parameters")
	}
	if !sameSet(d, want) {
		t.Errorf("NIC %d: a MAC change changed\n  %q\nwant only\n  %q", i, d, want)
	}
	spans, _ := InterfaceSpans(after)
	back, err := ParseInterface(after[spans[i].Start:spans[i].End])
	if err != nil {
		t.Fatal(err)
	}
	if ch := Changed(edited, NICFromXML(i, back)); len(ch) != 0 {
		t.Errorf("NIC %d reads back changed in %v", i, ch)
	}
	if ps := Validate(old, edited, Context{}); HasErrors(ps) {
		t.Errorf("NIC %d: Validate refuses a hostdev NIC's MAC change: %v", i, ps)
	}
	toggled := old
	toggled.Link = map[string]string{"up": "down", "down": "up"}[old.Link]
	if ps := Validate(old, toggled, Context{}); !HasErrors(ps) || ps[len(ps)-1].Field != FieldLink {
		t.Errorf("NIC %d: Validate lets a hostdev NIC's link change through: %v", i, ps)
	}
	iface, _ = ParseInterface(raw)
	if err := ApplyToXML(iface, old, toggled); err == nil || !strings.Contains(err.Error(), "link cannot be changed") {
		t.Errorf("NIC %d: ApplyToXML of a hostdev link change = %v, want a refusal naming link", i, err)
	}
}
