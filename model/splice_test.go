package model

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReplaceInterfaceLayout(t *testing.T) {
	doc := mustRead(t, "testdata/qemu/etc-libvirt-qemu-i440fx.xml")
	els, _ := InterfaceElements(doc)
	iface, err := ParseInterface(els[1])
	if err != nil {
		t.Fatal(err)
	}
	iface.Source.Direct.Mode = "vepa"
	out, _ := iface.Marshal()
	after, err := ReplaceInterface(doc, 1, out)
	if err != nil {
		t.Fatal(err)
	}
	// libvirtxml's double quotes and <x></x> are respelt the libvirt way and
	// indented like the neighbours, so the text diff is the one changed line.
	want := `--- a
+++ b
@@ -43,7 +43,7 @@
     </interface>
     <interface type='direct'>
       <mac address='52:54:00:a0:b1:c3'/>
-      <source dev='bond0' mode='bridge'/>
+      <source dev='bond0' mode='vepa'/>
       <model type='virtio'/>
       <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
     </interface>
`
	if got := UnifiedDiff(doc, after, "a", "b"); got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestReplaceInterfaceCRLF(t *testing.T) {
	doc := strings.ReplaceAll(mustRead(t, "testdata/qemu/etc-libvirt-qemu-i440fx.xml"), "\n", "\r\n")
	els, _ := InterfaceElements(doc)
	iface, err := ParseInterface(els[0])
	if err != nil {
		t.Fatal(err)
	}
	iface.Source.Bridge.Bridge = "br1"
	out, _ := iface.Marshal()
	after, err := ReplaceInterface(doc, 0, out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(after, "\n") != strings.Count(after, "\r\n") {
		t.Fatal("splice mixed LF into a CRLF document")
	}
	want := strings.Replace(doc, "<source bridge='br0'/>", "<source bridge='br1'/>", 1)
	if after != want {
		t.Fatalf("got\n%q\nwant\n%q", after, want)
	}
}

func TestInsertInterface(t *testing.T) {
	elem := `<interface type="network">
  <mac address="52:54:00:00:00:99"></mac>
  <source network="default"></source>
  <model type="virtio"></model>
</interface>`
	wantElem := `<interface type='network'>
      <mac address='52:54:00:00:00:99'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>`

	doc := mustRead(t, "testdata/qemu/etc-libvirt-qemu-i440fx.xml")
	after, err := InsertInterface(doc, elem)
	if err != nil {
		t.Fatal(err)
	}
	els, _ := InterfaceElements(after)
	if len(els) != 6 || els[5] != wantElem {
		t.Fatalf("inserted %q", els[len(els)-1])
	}
	spans, _ := InterfaceSpans(doc)
	last := spans[len(spans)-1].End
	if after[:last] != doc[:last] || after[last:] != "\n    "+wantElem+doc[last:] {
		t.Fatal("insert is not right after the last interface")
	}
	if d, _ := SemanticDiff(doc, after); len(d) != 4 || d[0] != "+ /domain/devices/interface[@type=network]" {
		t.Fatalf("diff %q", d)
	}

	noNICs := `<domain type='kvm'>
  <name>a</name>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <memballoon model='none'/>
  </devices>
</domain>
`
	after, err = InsertInterface(noNICs, elem)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(noNICs, "<memballoon model='none'/>", "<memballoon model='none'/>\n    "+wantElem, 1)
	if after != want {
		t.Fatalf("no NICs:\n%s", after)
	}

	for name, tc := range map[string]struct{ in, want string }{
		"empty devices": {
			"<domain>\n  <name>a</name>\n  <devices>\n  </devices>\n</domain>\n",
			"<domain>\n  <name>a</name>\n  <devices>\n    " + wantElem + "\n  </devices>\n</domain>\n",
		},
		"devices on one line": {
			"<domain>\n  <name>a</name>\n  <devices></devices>\n</domain>\n",
			"<domain>\n  <name>a</name>\n  <devices>\n    " + wantElem + "\n  </devices>\n</domain>\n",
		},
		"self-closing devices": {
			"<domain>\n  <name>a</name>\n  <devices />\n</domain>\n",
			"<domain>\n  <name>a</name>\n  <devices>\n    " + wantElem + "\n  </devices>\n</domain>\n",
		},
	} {
		got, err := InsertInterface(tc.in, elem)
		if err != nil {
			t.Fatal(name, err)
		}
		if got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, tc.want)
		}
		if n, _ := InterfaceSpans(got); len(n) != 1 {
			t.Errorf("%s: %d spans", name, len(n))
		}
	}
	if _, err := InsertInterface("<domain><name>a</name></domain>", elem); err == nil || !strings.Contains(err.Error(), "no <devices>") {
		t.Fatalf("missing devices: %v", err)
	}
}

func TestRemoveInterface(t *testing.T) {
	doc := mustRead(t, "testdata/qemu/etc-libvirt-qemu-i440fx.xml")
	els, _ := InterfaceElements(doc)
	after, err := RemoveInterface(doc, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(doc, "    "+els[2]+"\n", "", 1); after != want {
		t.Fatalf("got\n%s", after)
	}
	d, _ := SemanticDiff(doc, after)
	if len(d) != 5 || d[0] != "- /domain/devices/interface[@type=network]" {
		t.Fatalf("diff %q", d)
	}
	if n, _ := InterfaceSpans(after); len(n) != 4 {
		t.Fatalf("%d left", len(n))
	}

	crlf := strings.ReplaceAll(doc, "\n", "\r\n")
	after, _ = RemoveInterface(crlf, 0)
	if strings.Contains(after, "\r\n\r\n    <interface type='direct'>") || !strings.Contains(after, "model='pci-root'/>\r\n    <interface type='direct'>") {
		t.Fatal("CRLF line not removed cleanly")
	}

	// Sharing a line with other content: only the element goes.
	oneLine := "<domain><devices><disk/><interface type='user'/><input/></devices></domain>"
	after, _ = RemoveInterface(oneLine, 0)
	if after != "<domain><devices><disk/><input/></devices></domain>" {
		t.Fatalf("one line: %q", after)
	}
}

func TestLibvirtStyle(t *testing.T) {
	for in, want := range map[string]string{
		`<a x="1"></a>`:                          `<a x='1'/>`,
		`<a x="it's"><b/>t&amp;x</a>`:            `<a x='it&apos;s'><b/>t&amp;x</a>`,
		"<a>\n  <b y=\"&lt;\"></b>\n</a>":        "<a>\n  <b y='&lt;'/>\n</a>",
		`<q:a xmlns:q="urn:q"><q:b/></q:a>`:      `<q:a xmlns:q='urn:q'><q:b/></q:a>`,
		`<a><!-- c --><?pi x?><![CDATA[<]]></a>`: `<a><!-- c --><?pi x?>&lt;</a>`,
	} {
		if got := libvirtStyle(in); got != want {
			t.Errorf("libvirtStyle(%q) = %q, want %q", in, got, want)
		}
		if d, err := SemanticDiff(in, libvirtStyle(in)); err != nil || len(d) != 0 {
			t.Errorf("%q changed meaning: %q %v", in, d, err)
		}
	}
}

func TestReplaceInterfaceHostile(t *testing.T) {
	after, err := ReplaceInterface(hostileDomain, 1, `<interface type="bridge"><source bridge="br9"></source></interface>`)
	if err != nil {
		t.Fatal(err)
	}
	d, err := SemanticDiff(hostileDomain, after)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"- /domain/devices/interface/source[@bridge=a>b]", "- /domain/devices/interface/model[@type=virtio]", "+ /domain/devices/interface/source[@bridge=br9]"}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("diff %q, want %q", d, want)
	}
	if !strings.Contains(after, "    <interface type='bridge'><source bridge='br9'/></interface>\n    <interface\n") {
		t.Fatalf("spliced text:\n%s", after)
	}
	// Comments, CDATA, the processing instruction and the metadata copies
	// are byte-identical.
	for _, keep := range []string{"<!-- <interface type='network'><source network='comment'/></interface> -->",
		"<![CDATA[<interface type='bridge'><source bridge='cdata'/></interface>]]>",
		"<?virtnic <interface type='pi'/> ?>", "<interface type='network'/>\n  </metadata>",
		"<interface type='network'><source network='outside-devices'/></interface>"} {
		if !strings.Contains(after, keep) {
			t.Errorf("lost %q", keep)
		}
	}
}
