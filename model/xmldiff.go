package model

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// xmlEntry is one element of a document in canonical form: its path from the
// root (namespace URIs, not prefixes), its attributes sorted by name and its
// own non-whitespace text. A document's meaning, as far as libvirt cares, is
// the multiset of these; attribute order, quote style, indentation, comments
// and the prefix chosen for a namespace are not part of it.
type xmlEntry struct {
	path  string
	attrs []xmlAttr
	text  string
}

// xmlAttr is one attribute. num is the value as the number libvirt reads,
// in decimal, for the attributes libvirt parses as numbers (see
// addressNumberBases); "" for every other attribute and for a value libvirt
// could not parse. Entries compare by num where it is set, so slot='16',
// slot='0x10' and slot='020' are one value, as they are to libvirt.
type xmlAttr struct{ name, value, num string }

// cmp is what the attribute compares as.
func (a xmlAttr) cmp() string {
	if a.num != "" {
		return a.num
	}
	return a.value
}

func (e xmlEntry) attr(name string) string {
	v, _ := e.attrValue(name)
	return v
}

func (e xmlEntry) attrValue(name string) (string, bool) {
	a, ok := e.attrNamed(name)
	return a.value, ok
}

func (e xmlEntry) attrNamed(name string) (xmlAttr, bool) {
	for _, a := range e.attrs {
		if a.name == name {
			return a, true
		}
	}
	return xmlAttr{}, false
}

// String shows the entry with its values as written, for messages and
// SemanticDiff's lines.
func (e xmlEntry) String() string { return e.render(xmlAttr.rawValue) }

// key is what the entry compares as: String with numbers canonical. No
// written value can pose as a canonical one: a string of decimal digits
// always parses, so it carries its own num.
func (e xmlEntry) key() string { return e.render(xmlAttr.cmp) }

func (a xmlAttr) rawValue() string { return a.value }

func (e xmlEntry) render(value func(xmlAttr) string) string {
	var b strings.Builder
	b.WriteString(e.path)
	if len(e.attrs) > 0 {
		b.WriteByte('[')
		for i, a := range e.attrs {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('@')
			b.WriteString(a.name)
			b.WriteByte('=')
			b.WriteString(quoteIfNeeded(value(a)))
		}
		b.WriteByte(']')
	}
	if e.text != "" {
		b.WriteString(" = ")
		b.WriteString(strconv.Quote(e.text))
	}
	return b.String()
}

// quoteIfNeeded keeps simple values readable (@port=5900) and quotes any
// value that would make the entry ambiguous.
func quoteIfNeeded(v string) string {
	if v == "" || strings.ContainsAny(v, ",[]=\"@ \t\r\n") {
		return strconv.Quote(v)
	}
	return v
}

func xmlNameString(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// canonicalEntries lists the elements of doc in document order.
func canonicalEntries(doc string) ([]xmlEntry, error) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	var out []xmlEntry
	type frame struct {
		idx  int
		text []string
	}
	var stack []frame
	roots := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = out[stack[len(stack)-1].idx].path
			} else {
				roots++
			}
			e := xmlEntry{path: parent + "/" + xmlNameString(t.Name)}
			for _, a := range t.Attr {
				// Namespace declarations only bind prefixes; the URIs they
				// bind are already in the paths.
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				e.attrs = append(e.attrs, xmlAttr{name: xmlNameString(a.Name), value: a.Value})
			}
			sort.Slice(e.attrs, func(i, j int) bool { return e.attrs[i].name < e.attrs[j].name })
			var up *xmlEntry
			if len(stack) > 0 {
				up = &out[stack[len(stack)-1].idx]
			}
			setNumbers(&e, up)
			out = append(out, e)
			stack = append(stack, frame{idx: len(out) - 1})
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			if s := strings.TrimSpace(string(t)); s != "" {
				top := &stack[len(stack)-1]
				top.text = append(top.text, s)
			}
		case xml.EndElement:
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out[top.idx].text = strings.Join(top.text, " ")
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("not well-formed XML: unclosed <%s>", out[stack[len(stack)-1].idx].path)
	}
	if roots == 0 {
		return nil, fmt.Errorf("not well-formed XML: no element")
	}
	return out, nil
}

// multisetDiff returns the entries of a missing from b and those of b
// missing from a, each in its own document order.
func multisetDiff(a, b []xmlEntry) (lost, added []xmlEntry) {
	count := func(es []xmlEntry) map[string]int {
		m := make(map[string]int, len(es))
		for _, e := range es {
			m[e.key()]++
		}
		return m
	}
	inB, inA := count(b), count(a)
	for _, e := range a {
		k := e.key()
		if inB[k] > 0 {
			inB[k]--
		} else {
			lost = append(lost, e)
		}
	}
	for _, e := range b {
		k := e.key()
		if inA[k] > 0 {
			inA[k]--
		} else {
			added = append(added, e)
		}
	}
	return lost, added
}

// SemanticDiff compares two XML documents by meaning: one line per element
// that only a has ("- …") or only b has ("+ …"). An empty result means the
// documents say the same thing. Sibling order is not compared: libvirt keeps
// its own device order, and a multiset is what proves that a splice lost
// nothing.
func SemanticDiff(a, b string) ([]string, error) {
	ea, err := canonicalEntries(a)
	if err != nil {
		return nil, fmt.Errorf("first document: %w", err)
	}
	eb, err := canonicalEntries(b)
	if err != nil {
		return nil, fmt.Errorf("second document: %w", err)
	}
	lost, added := multisetDiff(ea, eb)
	out := make([]string, 0, len(lost)+len(added))
	for _, e := range lost {
		out = append(out, "- "+e.String())
	}
	for _, e := range added {
		out = append(out, "+ "+e.String())
	}
	return out, nil
}

// addressNumberBases lists, per <address type=…>, the attributes libvirt
// parses as numbers and the base it hands to strtoul (src/conf/device_conf.c
// and domain_conf.c; 0 is strtoul's own choice: 0x… hex, 0… octal, else
// decimal). libvirtxml reads the same numbers but prints them its own way
// (slot='16' comes back as slot='0x10', libvirt's reg='0x00001000' as
// reg='0x1000', devno='01' as devno='0x0001'), so a string comparison would
// call every such NIC lossy.
var addressNumberBases = map[string]map[string]int{
	"pci":           {"domain": 0, "bus": 0, "slot": 0, "function": 0},
	"drive":         {"controller": 10, "bus": 10, "target": 10, "unit": 10},
	"virtio-serial": {"controller": 10, "bus": 10, "port": 10},
	"ccid":          {"controller": 10, "slot": 10},
	"usb":           {"bus": 10, "port": dottedDecimal},
	"spapr-vio":     {"reg": 16},
	"ccw":           {"cssid": 0, "ssid": 0, "devno": 0},
	"isa":           {"iobase": 16, "irq": 16},
	"dimm":          {"slot": 10, "base": 16},
}

// zpciNumberBases is the <zpci> extension of a PCI address.
var zpciNumberBases = map[string]int{"uid": 0, "fid": 0}

// dottedDecimal marks a USB port: up to four decimal hub ports joined by dots.
const dottedDecimal = -1

// setNumbers fills num for the attributes of e that libvirt reads as
// numbers; up is e's parent element, nil for the root.
func setNumbers(e *xmlEntry, up *xmlEntry) {
	var bases map[string]int
	switch lastStep(e.path) {
	case "address":
		typ := e.attr("type")
		// A host device's own address under <source> is parsed by other
		// code with other bases for every type but PCI.
		if typ != "pci" && up != nil && lastStep(up.path) == "source" {
			return
		}
		bases = addressNumberBases[typ]
	case "zpci":
		if up != nil && lastStep(up.path) == "address" && up.attr("type") == "pci" {
			bases = zpciNumberBases
		}
	}
	for i, a := range e.attrs {
		if base, ok := bases[a.name]; ok {
			e.attrs[i].num, _ = libvirtNumber(a.value, base)
		}
	}
}

// libvirtNumber is v as libvirt's virStrToLong_uip/ullp reads it, in
// decimal; false when libvirt would refuse it (sign, blank, junk, an
// underscore Go would accept but C does not).
func libvirtNumber(v string, base int) (string, bool) {
	if base == dottedDecimal {
		parts := strings.Split(v, ".")
		for i, p := range parts {
			n, ok := libvirtNumber(p, 10)
			if !ok {
				return "", false
			}
			parts[i] = n
		}
		return strings.Join(parts, "."), true
	}
	digits := v
	switch {
	case (base == 0 || base == 16) && len(v) > 2 && (v[:2] == "0x" || v[:2] == "0X"):
		digits, base = v[2:], 16
	case base == 0 && len(v) > 1 && v[0] == '0':
		digits, base = v[1:], 8
	case base == 0:
		base = 10
	}
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatUint(n, 10), true
}
