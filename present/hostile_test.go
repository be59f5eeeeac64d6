package present

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// The hostile fixture is a libvirt test-driver host (scripts/check-hostile.sh
// proves libvirt loads it as written). Here it is read as plain XML: every
// string a user sees must need escaping and come out of Safe clean.
const hostileFixture = "../testdata/hostile.xml"

// charClass is one kind of character the fixture must carry, defined by code
// point here rather than by the package's classifier.
type charClass struct {
	name string
	in   func(r rune) bool
}

func is(c rune) func(rune) bool { return func(r rune) bool { return r == c } }

func within(lo, hi rune) func(rune) bool { return func(r rune) bool { return lo <= r && r <= hi } }

var (
	// xmlClasses is every class XML 1.0 can carry apart from the three C0
	// controls; the fixture puts all of them in every visible string.
	xmlClasses = []charClass{
		{"C1", within(0x80, 0x9f)},
		{"DEL", is(0x7f)},
		{"bidi", func(r rune) bool {
			return r == 0x061c || r == 0x200e || r == 0x200f || within(0x202a, 0x202e)(r) || within(0x2066, 0x2069)(r)
		}},
		{"zero-width", func(r rune) bool { return within(0x200b, 0x200d)(r) || within(0x2060, 0x2064)(r) }},
		{"BOM", is(0xfeff)},
		{"soft hyphen", is(0xad)},
		{"tag", func(r rune) bool { return r == 0xe0001 || within(0xe0020, 0xe007f)(r) }},
		{"line separator", func(r rune) bool { return r == 0x2028 || r == 0x2029 }},
	}
	tab     = charClass{"tab", is('\t')}
	newline = charClass{"newline", is('\n')}
	cr      = charClass{"carriage return", is('\r')}
	allC0   = []charClass{tab, newline, cr}
)

// visibleFields lists every field of the fixture a virtnic user can see, with
// the C0 controls that field must carry in at least one of its strings: all
// three, except where libvirt refuses one (see the fixture's header comment).
var visibleFields = map[string][]charClass{
	// Domains.
	"domain/name":          allC0,
	"domain/title":         {tab, cr}, // libvirt refuses a newline in a title
	"domain/description":   allC0,
	"domain/metadata/note": allC0,

	// Domain NICs.
	"domain/devices/interface[network]/source@network":                               allC0,
	"domain/devices/interface[network]/source@portgroup":                             allC0,
	"domain/devices/interface[direct]/source@dev":                                    allC0,
	"domain/devices/interface[bridge]/source@bridge":                                 allC0,
	"domain/devices/interface[direct]/virtualport[802.1Qbh]/parameters@profileid":    allC0,
	"domain/devices/interface[bridge]/virtualport[openvswitch]/parameters@profileid": allC0,

	// Virtual networks.
	"network/name":                  allC0,
	"network/bridge@name":           allC0,
	"network/portgroup@name":        allC0,
	"network/forward@dev":           allC0,
	"network/forward/interface@dev": allC0,

	// Host interfaces and net node devices.
	"interface[ethernet]@name":                          allC0,
	"interface[bridge]@name":                            allC0,
	"interface[bridge]/bridge/interface[ethernet]@name": allC0,
	"interface[bond]@name":                              allC0,
	"interface[bond]/bond/interface[ethernet]@name":     allC0,
	"interface[vlan]@name":                              allC0,
	"interface[vlan]/vlan/interface@name":               allC0,
	"device/capability[net]/interface":                  allC0,
}

func TestHostileFixture(t *testing.T) {
	data, err := os.ReadFile(hostileFixture)
	if err != nil {
		t.Fatal(err)
	}
	// Hostile characters are written as references, so the fixture itself is
	// harmless in a terminal, a pager or a review.
	for i, c := range data {
		if (c < 0x20 && c != '\n') || c >= 0x7f {
			t.Fatalf("byte %#x at offset %d: write hostile characters as &#x…; references", c, i)
		}
	}

	seen := map[string]map[string]bool{}
	for _, f := range fixtureStrings(t, data) {
		want, visible := visibleFields[f.path]
		if !visible {
			if NeedsEscape(f.value) {
				t.Errorf("%s = %q is hostile but not listed in visibleFields", f.path, f.value)
			}
			continue
		}
		checkHostileString(t, f.path, f.value)
		if seen[f.path] == nil {
			seen[f.path] = map[string]bool{}
		}
		for _, c := range want {
			if strings.ContainsFunc(f.value, c.in) {
				seen[f.path][c.name] = true
			}
		}
	}
	for path, want := range visibleFields {
		if seen[path] == nil {
			t.Errorf("%s: no such field in the fixture", path)
			continue
		}
		for _, c := range want {
			if !seen[path][c.name] {
				t.Errorf("%s: no string carries a %s", path, c.name)
			}
		}
	}
}

// checkHostileString: the string carries every class XML can hold besides C0,
// and both escapers leave nothing hidden in it.
func checkHostileString(t *testing.T, path, s string) {
	t.Helper()
	for _, c := range xmlClasses {
		if !strings.ContainsFunc(s, c.in) {
			t.Errorf("%s = %q carries no %s", path, s, c.name)
		}
	}
	if !NeedsEscape(s) {
		t.Errorf("%s = %q: NeedsEscape is false", path, s)
	}
	for _, multiline := range []bool{false, true} {
		out := Safe(s)
		if multiline {
			out = SafeMultiline(s)
		}
		if !utf8.ValidString(out) {
			t.Errorf("%s: output %q is not UTF-8", path, out)
		}
		for _, r := range out {
			if hiddenRune(r) && !(multiline && r == '\n') {
				t.Errorf("%s: %q keeps %U", path, out, r)
			}
		}
	}
}

type fixtureString struct{ path, value string }

// fixtureStrings returns every attribute value and every non-blank text of
// an element without children, each with its path below <node>. An
// interface, virtualport or capability element is qualified by its type,
// which decides what its fields mean: interface[direct]/source@dev.
func fixtureStrings(t *testing.T, data []byte) []fixtureString {
	t.Helper()
	type frame struct {
		path     string
		text     strings.Builder
		hasChild bool
	}
	var out []fixtureString
	var stack []*frame
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", hostileFixture, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			for _, a := range tok.Attr {
				if a.Name.Local == "type" && (name == "interface" || name == "virtualport" || name == "capability") {
					name += "[" + a.Value + "]"
				}
			}
			path := name
			if len(stack) > 0 {
				stack[len(stack)-1].hasChild = true
				path = strings.TrimPrefix(stack[len(stack)-1].path+"/"+name, "node/")
			}
			for _, a := range tok.Attr {
				out = append(out, fixtureString{path + "@" + a.Name.Local, a.Value})
			}
			stack = append(stack, &frame{path: path})
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(tok)
			}
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if text := f.text.String(); !f.hasChild && strings.TrimSpace(text) != "" {
				out = append(out, fixtureString{f.path, text})
			}
		}
	}
	return out
}
