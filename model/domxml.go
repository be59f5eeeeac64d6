package model

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// Span is the byte range [Start, End) of one element in a domain's XML text:
// Start is its '<', End is just past its closing '>'.
type Span struct{ Start, End int }

// domainLayout is what a single pass over the domain XML learns about
// /domain/devices. Everything is byte offsets into the original text, so a
// write can splice one element and leave every other byte alone.
type domainLayout struct {
	ifaces      []Span
	hasDevices  bool
	devices     Span // the whole <devices> element
	devOpenEnd  int  // just past the '>' of <devices …>
	devCloseAt  int  // the '<' of </devices>; == devices.End-2 for <devices/>
	devSelfClos bool
	lastChild   Span // last element child of <devices>; End == 0 when none
}

// scanDomain walks the document with encoding/xml so that comments, CDATA,
// processing instructions and quoted '>' never confuse the span search, and
// records the offsets of the direct children of /domain/devices. An
// <interface> anywhere else (metadata, nested device elements, another
// namespace) is not a NIC and is ignored.
func scanDomain(doc string) (*domainLayout, error) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	lay := &domainLayout{}
	type frame struct {
		name  xml.Name
		start int
	}
	var stack []frame
	sawRoot := false
	inDevices := func() bool {
		return len(stack) == 2 && stack[0].name.Local == "domain" && isPlain(stack[1].name, "devices")
	}
	for {
		// Token() has not consumed anything yet, so this is where the next
		// token begins: the '<' of a start tag that follows whitespace.
		at := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("domain XML is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if sawRoot || !isPlain(t.Name, "domain") {
					return nil, fmt.Errorf("domain XML: root element is <%s>, want one <domain>", t.Name.Local)
				}
				sawRoot = true
			}
			if len(stack) == 1 && isPlain(t.Name, "devices") && !lay.hasDevices {
				lay.hasDevices = true
				lay.devices.Start = at
				lay.devOpenEnd = int(dec.InputOffset())
			}
			stack = append(stack, frame{t.Name, at})
		case xml.EndElement:
			end := int(dec.InputOffset())
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case inDevices():
				sp := Span{top.start, end}
				lay.lastChild = sp
				if isPlain(top.name, "interface") {
					lay.ifaces = append(lay.ifaces, sp)
				}
			case len(stack) == 1 && isPlain(top.name, "devices") && lay.devices.End == 0:
				lay.devices.End = end
				// A self-closing tag yields a synthetic EndElement that
				// consumes nothing, so the text ends in "/>".
				if strings.HasSuffix(doc[:end], "/>") && end == lay.devOpenEnd {
					lay.devSelfClos = true
					lay.devCloseAt = end - 2
				} else {
					lay.devCloseAt = at
				}
			}
		}
	}
	if len(stack) != 0 {
		return nil, errors.New("domain XML is truncated")
	}
	if !sawRoot {
		return nil, errors.New("domain XML holds no <domain> element")
	}
	return lay, nil
}

func isPlain(n xml.Name, local string) bool { return n.Space == "" && n.Local == local }

// InterfaceSpans returns the spans of the <interface> children of
// /domain/devices in document order; a NIC's index is its position here.
func InterfaceSpans(domXML string) ([]Span, error) {
	lay, err := scanDomain(domXML)
	if err != nil {
		return nil, err
	}
	return lay.ifaces, nil
}

// InterfaceElements returns the raw text of each NIC, exactly as the domain
// holds it, so it can be checked with CheckRoundTrip before an edit.
func InterfaceElements(domXML string) ([]string, error) {
	spans, err := InterfaceSpans(domXML)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = domXML[s.Start:s.End]
	}
	return out, nil
}

func spanAt(domXML string, idx int) (Span, error) {
	spans, err := InterfaceSpans(domXML)
	if err != nil {
		return Span{}, err
	}
	if idx < 0 || idx >= len(spans) {
		return Span{}, fmt.Errorf("no interface %d: the domain has %d", idx, len(spans))
	}
	return spans[idx], nil
}

// ReplaceInterface swaps the idx-th NIC for elem and leaves every other byte
// of domXML as it was.
func ReplaceInterface(domXML string, idx int, elem string) (string, error) {
	if err := checkElement(elem); err != nil {
		return "", err
	}
	s, err := spanAt(domXML, idx)
	if err != nil {
		return "", err
	}
	fitted := fitElement(elem, lineIndent(domXML, s.Start), newline(domXML))
	return domXML[:s.Start] + fitted + domXML[s.End:], nil
}

// InsertInterface adds elem after the last NIC, or after the last device
// when there is none (libvirt sorts devices itself on define, so the place
// only matters for a readable diff). A self-closing <devices/> is expanded.
func InsertInterface(domXML, elem string) (string, error) {
	if err := checkElement(elem); err != nil {
		return "", err
	}
	lay, err := scanDomain(domXML)
	if err != nil {
		return "", err
	}
	if !lay.hasDevices {
		return "", errors.New("domain XML has no <devices> element to add an interface to")
	}
	nl := newline(domXML)
	anchor := lay.lastChild
	if n := len(lay.ifaces); n > 0 {
		anchor = lay.ifaces[n-1]
	}
	if anchor.End != 0 {
		ind := lineIndent(domXML, anchor.Start)
		return domXML[:anchor.End] + nl + ind + fitElement(elem, ind, nl) + domXML[anchor.End:], nil
	}

	devInd := lineIndent(domXML, lay.devices.Start)
	unit := devInd // <devices> is a child of <domain>: its indent is one level
	if unit == "" {
		unit = "  "
	}
	ind := devInd + unit
	body := nl + ind + fitElement(elem, ind, nl)
	if lay.devSelfClos {
		open := strings.TrimRight(domXML[lay.devices.Start:lay.devCloseAt], " \t\r\n")
		return domXML[:lay.devices.Start] + open + ">" + body + nl + devInd + "</devices>" + domXML[lay.devices.End:], nil
	}
	inner := domXML[lay.devOpenEnd:lay.devCloseAt]
	if !strings.Contains(inner, "\n") {
		body += nl + devInd
	}
	return domXML[:lay.devOpenEnd] + body + domXML[lay.devOpenEnd:], nil
}

// RemoveInterface deletes the idx-th NIC. When the element sat on lines of
// its own, the emptied line goes too, so the file stays as tidy as libvirt
// wrote it.
func RemoveInterface(domXML string, idx int) (string, error) {
	s, err := spanAt(domXML, idx)
	if err != nil {
		return "", err
	}
	lo, hi := s.Start, s.End
	i := lo
	for i > 0 && (domXML[i-1] == ' ' || domXML[i-1] == '\t') {
		i--
	}
	j := hi
	for j < len(domXML) && (domXML[j] == ' ' || domXML[j] == '\t') {
		j++
	}
	if i == 0 || domXML[i-1] == '\n' {
		switch {
		case strings.HasPrefix(domXML[j:], "\r\n"):
			return domXML[:i] + domXML[j+2:], nil
		case strings.HasPrefix(domXML[j:], "\n"):
			return domXML[:i] + domXML[j+1:], nil
		}
	}
	return domXML[:lo] + domXML[hi:], nil
}

// checkElement refuses anything that is not one well-formed <interface>
// element, because splicing a fragment in would break the whole domain.
func checkElement(elem string) error {
	dec := xml.NewDecoder(strings.NewReader(elem))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("interface XML is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if !isPlain(t.Name, "interface") {
					return fmt.Errorf("element is <%s>, want <interface>", t.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(strings.TrimSpace(string(t))) > 0 {
				return errors.New("interface XML has text outside the <interface> element")
			}
		}
	}
	if roots != 1 {
		return fmt.Errorf("interface XML holds %d elements, want exactly one <interface>", roots)
	}
	return nil
}

// newline is the line ending the document already uses, so a splice does not
// mix CRLF and LF lines.
func newline(doc string) string {
	if strings.Contains(doc, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// lineIndent returns the blanks between the start of the line and pos.
func lineIndent(doc string, pos int) string {
	i := pos
	for i > 0 && (doc[i-1] == ' ' || doc[i-1] == '\t') {
		i--
	}
	if i > 0 && doc[i-1] != '\n' {
		return "" // something else precedes on the line: no indent to copy
	}
	return doc[i:pos]
}

// fitElement makes elem look like its neighbours: libvirtxml marshals at
// column 0, so its continuation lines get the indent of the line the element
// starts on. An element that already carries its indentation (its closing
// line is indented, e.g. raw text cut from a domain) is left alone. Only
// newlines between tags are touched: encoding/xml escapes newlines in text and
// attribute values, so indentation never leaks into content.
func fitElement(elem, indent, nl string) string {
	elem = strings.TrimSpace(strings.ReplaceAll(libvirtStyle(elem), "\r\n", "\n"))
	lines := strings.Split(elem, "\n")
	if len(lines) > 1 {
		last := lines[len(lines)-1]
		if !strings.HasPrefix(last, " ") && !strings.HasPrefix(last, "\t") {
			for i := 1; i < len(lines); i++ {
				if strings.HasPrefix(strings.TrimLeft(lines[i], " \t"), "<") {
					lines[i] = indent + lines[i]
				}
			}
		}
	}
	return strings.Join(lines, nl)
}

// ParseInterface reads one <interface> element with libvirtxml.
func ParseInterface(raw string) (*libvirtxml.DomainInterface, error) {
	iface := &libvirtxml.DomainInterface{}
	if err := iface.Unmarshal(raw); err != nil {
		return nil, fmt.Errorf("cannot read <interface>: %w", err)
	}
	return iface, nil
}

// FidelityError says that libvirtxml would not reproduce a NIC's XML, so an
// edit through it would silently drop (or invent) configuration. Lost and
// Added are canonical entries as SemanticDiff prints them, without the sign.
type FidelityError struct {
	Lost, Added []string
	// Cause is libvirtxml's own error when it cannot read the element at all.
	Cause error

	lostDesc, addedDesc []string
}

func (e *FidelityError) Unwrap() error { return e.Cause }

func (e *FidelityError) Error() string {
	lost := e.lostDesc
	if lost == nil {
		lost = e.Lost
	}
	added := e.addedDesc
	if added == nil {
		added = e.Added
	}
	switch {
	case e.Cause != nil:
		what := "<interface>"
		if len(lost) > 0 {
			what = strings.Join(lost, ", ")
		}
		return fmt.Sprintf("this NIC's XML holds %s that virtnic's libvirtxml cannot read (%v); edit it with virsh edit", what, e.Cause)
	case len(lost) > 0:
		return fmt.Sprintf("this NIC's XML holds %s that virtnic's libvirtxml cannot preserve; edit it with virsh edit", strings.Join(lost, ", "))
	default:
		return fmt.Sprintf("virtnic's libvirtxml would add %s to this NIC's XML; edit it with virsh edit", strings.Join(added, ", "))
	}
}

var consumeRe = regexp.MustCompile(`entire <([^>\s]+)> element`)

// CheckRoundTrip proves that libvirtxml reads and writes raw (one
// <interface> element) without losing or adding anything. It compares the
// canonical multisets of raw and of the marshalled result; a difference is a
// *FidelityError. Only one difference is forgiven: libvirtxml writes an empty
// <parameters/> into a <virtualport> that had none (libvirt-facts §1 item 4
// for openvswitch; v1.12007.0 does it for every known type and the typeless
// port). libvirt's virNetDevVPortProfileParse reads nothing but the
// attributes of <parameters>, so an empty one means exactly what no
// <parameters> means, and libvirt's own round-trip tests expect it.
func CheckRoundTrip(raw string) error {
	before, err := canonicalEntries(raw)
	if err != nil {
		return fmt.Errorf("interface XML: %w", err)
	}
	if len(before) == 0 || before[0].path != "/interface" {
		return errors.New("interface XML: root element is not <interface>")
	}
	iface := &libvirtxml.DomainInterface{}
	if err := iface.Unmarshal(raw); err != nil {
		fe := &FidelityError{Cause: err}
		name := ""
		if m := consumeRe.FindStringSubmatch(err.Error()); m != nil {
			name = m[1]
		}
		for _, e := range before {
			if name == "" || lastStep(e.path) == name || hasAncestorNamed(e.path, name) {
				fe.Lost = append(fe.Lost, e.String())
			}
		}
		fe.lostDesc = describeEntries(entriesOf(before, fe.Lost), nil)
		return fe
	}
	out, err := iface.Marshal()
	if err != nil {
		return fmt.Errorf("libvirtxml cannot write this <interface>: %w", err)
	}
	after, err := canonicalEntries(out)
	if err != nil {
		return fmt.Errorf("libvirtxml wrote malformed XML: %w", err)
	}
	lost, added := multisetDiff(before, after)
	added = dropHarmlessAdditions(before, added)
	if len(lost) == 0 && len(added) == 0 {
		return nil
	}
	fe := &FidelityError{}
	for _, e := range lost {
		fe.Lost = append(fe.Lost, e.String())
	}
	for _, e := range added {
		fe.Added = append(fe.Added, e.String())
	}
	fe.lostDesc = describeEntries(lost, added)
	fe.addedDesc = describeEntries(added, lost)
	return fe
}

func dropHarmlessAdditions(before, added []xmlEntry) []xmlEntry {
	bare := false
	for _, e := range before {
		if e.path == "/interface/virtualport" {
			bare = true
		}
		if e.path == "/interface/virtualport/parameters" {
			bare = false
			break
		}
	}
	var keep []xmlEntry
	for _, e := range added {
		if bare && e.path == "/interface/virtualport/parameters" && len(e.attrs) == 0 && e.text == "" {
			bare = false // forgive exactly one
			continue
		}
		keep = append(keep, e)
	}
	return keep
}

func lastStep(path string) string { return path[strings.LastIndex(path, "/")+1:] }

func hasAncestorNamed(path, name string) bool {
	steps := strings.Split(path, "/")
	for _, s := range steps[:len(steps)-1] {
		if s == name {
			return true
		}
	}
	return false
}

func entriesOf(all []xmlEntry, keys []string) []xmlEntry {
	want := map[string]int{}
	for _, k := range keys {
		want[k]++
	}
	var out []xmlEntry
	for _, e := range all {
		if want[e.String()] > 0 {
			want[e.String()]--
			out = append(out, e)
		}
	}
	return out
}

// describeEntries turns canonical entries into the words of an error message. An
// entry whose path also appears on the other side changed only in attributes
// or text, so just those are named; an entry with no counterpart is a whole
// element, and its descendants are not repeated.
func describeEntries(these, other []xmlEntry) []string {
	byPath := map[string][]xmlEntry{}
	for _, e := range other {
		byPath[e.path] = append(byPath[e.path], e)
	}
	var out, whole []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
next:
	for _, e := range these {
		for _, w := range whole {
			if strings.HasPrefix(e.path, w+"/") {
				continue next
			}
		}
		name := strings.TrimPrefix(e.path, "/")
		cands := byPath[e.path]
		if len(cands) == 0 {
			whole = append(whole, e.path)
			add("<" + name + ">")
			continue
		}
		peer := cands[0]
		byPath[e.path] = cands[1:]
		var diff []string
		for _, a := range e.attrs {
			if v, ok := peer.attrValue(a.name); !ok || v != a.value {
				diff = append(diff, fmt.Sprintf("%s=%q", a.name, a.value))
			}
		}
		if len(diff) > 0 {
			add("<" + name + " " + strings.Join(diff, " ") + ">")
		}
		if e.text != peer.text && e.text != "" {
			add(fmt.Sprintf("<%s> text %q", name, e.text))
		}
	}
	return out
}

// libvirtStyle rewrites an element the way libvirt prints XML: single-quoted
// attributes and self-closing empty elements. libvirtxml writes
// <mac address="…"></mac>; without this every line of an edited NIC would
// show up in the --dry-run diff although only one changed. It works on the
// token stream (prefixes, attribute order, comments and text kept), so only
// the spelling changes, never the meaning; input it cannot tokenize is
// returned unchanged for checkElement to have rejected already.
func libvirtStyle(elem string) string {
	dec := xml.NewDecoder(strings.NewReader(elem))
	var b strings.Builder
	var pending *xml.StartElement // start tag not yet closed, to self-close it if empty
	flush := func(selfClose bool) {
		if pending == nil {
			return
		}
		b.WriteByte('<')
		b.WriteString(rawName(pending.Name))
		for _, a := range pending.Attr {
			b.WriteByte(' ')
			b.WriteString(rawName(a.Name))
			b.WriteString("='")
			b.WriteString(escapeAttr(a.Value))
			b.WriteByte('\'')
		}
		if selfClose {
			b.WriteString("/>")
		} else {
			b.WriteByte('>')
		}
		pending = nil
	}
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return elem
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush(false)
			t = t.Copy()
			pending = &t
		case xml.EndElement:
			if pending != nil {
				flush(true)
				continue
			}
			b.WriteString("</" + rawName(t.Name) + ">")
		case xml.CharData:
			flush(false)
			// Not xml.EscapeText: it turns the newlines of indentation into
			// &#xA;.
			b.WriteString(textEscaper.Replace(string(t)))
		case xml.Comment:
			flush(false)
			b.WriteString("<!--" + string(t) + "-->")
		case xml.ProcInst:
			flush(false)
			b.WriteString("<?" + t.Target)
			if len(t.Inst) > 0 {
				b.WriteString(" " + string(t.Inst))
			}
			b.WriteString("?>")
		case xml.Directive:
			flush(false)
			b.WriteString("<!" + string(t) + ">")
		}
	}
	if pending != nil {
		return elem // unbalanced: leave it to the caller's checks
	}
	return b.String()
}

// rawName spells a name as it was written: RawToken leaves the prefix in
// Space instead of resolving it.
func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

var attrEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", "\"", "&quot;",
	"\n", "&#10;", "\r", "&#13;", "\t", "&#9;",
)

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeAttr(v string) string { return attrEscaper.Replace(v) }
