package hardware

// The table-test scaffolding every per-kind test file uses.

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// domainWith is a minimal domain whose <devices> holds devXML.
func domainWith(devXML string) string {
	return `<domain type='kvm'><name>t</name><memory>1048576</memory><vcpu>1</vcpu><devices>` + devXML + `</devices></domain>`
}

// dev is the Item a non-NIC device should become; rows are label/value
// pairs written out in full, so a test states every row the page shows.
func dev(kind, label string, rows ...string) Item {
	it := Item{Kind: kind, Label: label, NICIndex: -1}
	for i := 0; i+1 < len(rows); i += 2 {
		it.Rows = append(it.Rows, [2]string{rows[i], rows[i+1]})
	}
	return it
}

// nicAt is dev for the NIC at index.
func nicAt(index int, label string, rows ...string) Item {
	it := dev("nic", label, rows...)
	it.NICIndex = index
	return it
}

// kindCase is a domain holding devices and the items after the fixed pages
// it must list, in order.
type kindCase struct {
	name    string
	devices string
	want    []Item
}

func runKindCases(t *testing.T, cases []kindCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, err := Items(domainWith(c.devices))
			if err != nil {
				t.Fatalf("Items: %v", err)
			}
			got := items[len(fixedPages):]
			if len(got) == 0 && len(c.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("devices:\n got %s\nwant %s", describe(got), describe(c.want))
			}
		})
	}
}

// describe prints items one a line for a failure message.
func describe(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "\n  %s %q (NIC %d) %q", it.Kind, it.Label, it.NICIndex, it.Rows)
	}
	return b.String()
}

// pageCase is a whole domain document and the rows one fixed page shows.
type pageCase struct {
	name, domain string
	want         [][2]string
}

func runPageCases(t *testing.T, page string, cases []pageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, err := Items(c.domain)
			if err != nil {
				t.Fatalf("Items: %v", err)
			}
			for _, it := range items {
				if it.Label == page {
					if !reflect.DeepEqual(it.Rows, c.want) {
						t.Errorf("%s rows:\n got %q\nwant %q", page, it.Rows, c.want)
					}
					return
				}
			}
			t.Fatalf("no %s page", page)
		})
	}
}

// pairs builds the rows of a page case.
func pairs(kv ...string) [][2]string {
	var rows [][2]string
	for i := 0; i+1 < len(kv); i += 2 {
		rows = append(rows, [2]string{kv[i], kv[i+1]})
	}
	return rows
}
