package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestSemanticDiffSameMeaning(t *testing.T) {
	a := `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>vm1</name>
  <!-- a comment -->
  <devices>
    <graphics type='vnc' port='5900' passwd='secret'/>
    <boot dev='hd'/>
    <boot dev='hd'/>
  </devices>
  <qemu:commandline><qemu:arg value='-S'/></qemu:commandline>
</domain>`
	b := "<domain xmlns:q=\"http://libvirt.org/schemas/domain/qemu/1.0\" type=\"kvm\"><name>\n  vm1\n</name><devices>" +
		"<boot dev=\"hd\"></boot><graphics passwd=\"secret\" port=\"5900\" type=\"vnc\"></graphics><boot dev='hd'/></devices>" +
		"<q:commandline>\r\n<q:arg value=\"-S\"/></q:commandline></domain>"
	d, err := SemanticDiff(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 0 {
		t.Fatalf("want no difference, got %q", d)
	}
	if d == nil {
		t.Fatal("empty result must be a non-nil slice")
	}
}

func TestSemanticDiffFindsChanges(t *testing.T) {
	a := `<domain type='kvm'>
  <name>vm1</name>
  <metadata><my:x xmlns:my="urn:a"/></metadata>
  <devices>
    <graphics type='vnc' port='5900' passwd='secret'/>
    <boot dev='hd'/>
    <boot dev='hd'/>
  </devices>
</domain>`
	for name, tc := range map[string]struct {
		b    string
		want []string
	}{
		"secret dropped": {
			strings.Replace(a, " passwd='secret'", "", 1),
			[]string{"- /domain/devices/graphics[@passwd=secret,@port=5900,@type=vnc]", "+ /domain/devices/graphics[@port=5900,@type=vnc]"},
		},
		"text changed": {
			strings.Replace(a, "vm1", "vm 2", 1),
			[]string{`- /domain/name = "vm1"`, `+ /domain/name = "vm 2"`},
		},
		"one of two duplicates removed": {
			strings.Replace(a, "    <boot dev='hd'/>\n", "", 1),
			[]string{"- /domain/devices/boot[@dev=hd]"},
		},
		"namespace URI changed, prefix kept": {
			strings.Replace(a, "urn:a", "urn:b", 1),
			[]string{"- /domain/metadata/{urn:a}x", "+ /domain/metadata/{urn:b}x"},
		},
		"attribute needing quotes": {
			strings.Replace(a, "port='5900'", "port='a, b'", 1),
			[]string{"- /domain/devices/graphics[@passwd=secret,@port=5900,@type=vnc]", `+ /domain/devices/graphics[@passwd=secret,@port="a, b",@type=vnc]`},
		},
	} {
		d, err := SemanticDiff(a, tc.b)
		if err != nil {
			t.Fatal(name, err)
		}
		if !reflect.DeepEqual(d, tc.want) {
			t.Errorf("%s: got %q, want %q", name, d, tc.want)
		}
	}
	if _, err := SemanticDiff(a, "<domain>"); err == nil || !strings.Contains(err.Error(), "second document") {
		t.Fatalf("malformed second document: %v", err)
	}
	if _, err := SemanticDiff("", a); err == nil {
		t.Fatal("empty first document accepted")
	}
}

func TestSemanticDiffSamplesAgainstThemselves(t *testing.T) {
	for name, doc := range qemuSamples(t) {
		crlf := strings.ReplaceAll(doc, "\n", "\r\n")
		dq := swapQuotesOutsideCDATA(doc)
		for variant, other := range map[string]string{"crlf": crlf, "double quotes": dq} {
			d, err := SemanticDiff(doc, other)
			if err != nil {
				t.Fatal(name, variant, err)
			}
			if len(d) != 0 && !strings.HasPrefix(name, "real-") {
				t.Errorf("%s %s: %q", name, variant, d)
			}
		}
	}
}

// swapQuotesOutsideCDATA respells single-quoted attributes with double quotes;
// CDATA text is content, so it is left alone.
func swapQuotesOutsideCDATA(doc string) string {
	var b strings.Builder
	for {
		i := strings.Index(doc, "<![CDATA[")
		if i < 0 {
			b.WriteString(strings.ReplaceAll(doc, "'", `"`))
			return b.String()
		}
		j := strings.Index(doc[i:], "]]>") + i + 3
		b.WriteString(strings.ReplaceAll(doc[:i], "'", `"`))
		b.WriteString(doc[i:j])
		doc = doc[j:]
	}
}
