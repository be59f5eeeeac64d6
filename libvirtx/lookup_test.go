package libvirtx

import (
	"errors"
	"strings"
	"testing"
)

// TestLookupByNameUUIDOrID checks the order name, UUID, ID: a domain named
// "1" is "1" although another domain runs with ID 1, and IDs reach the
// domains whose names they are not.
func TestLookupByNameUUIDOrID(t *testing.T) {
	c := openNode(t, "lookup-node.xml", true)
	ids := map[string]int{}
	doms, err := c.ListDomains()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range doms {
		ids[d.Name] = d.ID
	}
	if ids["alpha"] != 1 || ids["1"] != 2 {
		t.Fatalf("fixture IDs %v: want alpha 1 and \"1\" 2", ids)
	}
	cases := []struct{ arg, want string }{
		{"alpha", "alpha"},
		{"1", "1"},   // the name wins over alpha's ID 1
		{"2", "1"},   // no domain is named "2": the ID of the domain named "1"
		{"42", "42"}, // a shut off domain with a numeric name
		{"beta", "beta"},
		{"22222222-0000-4000-8000-00000000000b", "beta"},
		{"22222222-0000-4000-8000-00000000000B", "beta"},
		{"2222222200004000800000000000000b", "beta"},
	}
	for _, tc := range cases {
		d, err := c.LoadDomain(tc.arg)
		if err != nil {
			t.Errorf("LoadDomain(%q): %v", tc.arg, err)
			continue
		}
		if d.Info.Name != tc.want {
			t.Errorf("LoadDomain(%q) = %q, want %q", tc.arg, d.Info.Name, tc.want)
		}
	}
}

func TestLookupMissingNamesWhatWasTried(t *testing.T) {
	c := openNode(t, "lookup-node.xml", true)
	cases := []struct{ arg, meaning string }{
		{"7", "no domain with that name, UUID or ID on "},
		{"+1", "no domain with that name or UUID on "},
		{"-1", "no domain with that name or UUID on "},
		{"01x", "no domain with that name or UUID on "},
		{"22222222-0000-4000-8000-0000000000ff", "no domain with that name or UUID on "},
		{"{22222222-0000-4000-8000-00000000000b}", "no domain with that name or UUID on "},
		{"4294967297", "no domain with that name or UUID on "},
	}
	for _, tc := range cases {
		_, err := c.LoadDomain(tc.arg)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindNoDomain {
			t.Errorf("LoadDomain(%q): %v, want a no-domain *Error", tc.arg, err)
			continue
		}
		if !strings.Contains(e.Meaning, tc.meaning+c.URI()) || !strings.Contains(err.Error(), tc.arg) {
			t.Errorf("LoadDomain(%q) error = %q, want it to quote the argument and say %q", tc.arg, err, tc.meaning)
		}
	}
}

func TestParseDomainID(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "1": true, "2147483647": true, "2147483648": false,
		"": false, " 1": false, "1 ": false, "+1": false, "-1": false, "1e3": false, "０": false, "99999999999": false} {
		if _, ok := parseDomainID(s); ok != want {
			t.Errorf("parseDomainID(%q) ok = %v, want %v", s, ok, want)
		}
	}
}
