package model

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
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
	sc := &domainScanner{doc: doc, dec: xml.NewDecoder(strings.NewReader(doc)), lay: &domainLayout{}}
	for {
		// Token() has not consumed anything yet, so this is where the next
		// token begins: the '<' of a start tag that follows whitespace.
		at := int(sc.dec.InputOffset())
		tok, err := sc.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("domain XML is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := sc.start(t, at); err != nil {
				return nil, err
			}
		case xml.EndElement:
			sc.end(at)
		}
	}
	if len(sc.stack) != 0 {
		return nil, errors.New("domain XML is truncated")
	}
	if !sc.sawRoot {
		return nil, errors.New("domain XML holds no <domain> element")
	}
	return sc.lay, nil
}

// domainScanner is scanDomain's state: the open elements and what was
// found so far.
type domainScanner struct {
	doc     string
	dec     *xml.Decoder
	lay     *domainLayout
	stack   []scanFrame
	sawRoot bool
}

type scanFrame struct {
	name  xml.Name
	start int
}

func (sc *domainScanner) start(t xml.StartElement, at int) error {
	if len(sc.stack) == 0 {
		if sc.sawRoot || !isPlain(t.Name, "domain") {
			return fmt.Errorf("domain XML: root element is <%s>, want one <domain>", t.Name.Local)
		}
		sc.sawRoot = true
	}
	if len(sc.stack) == 1 && isPlain(t.Name, "devices") && !sc.lay.hasDevices {
		sc.lay.hasDevices = true
		sc.lay.devices.Start = at
		sc.lay.devOpenEnd = int(sc.dec.InputOffset())
	}
	sc.stack = append(sc.stack, scanFrame{t.Name, at})
	return nil
}

func (sc *domainScanner) end(at int) {
	end := int(sc.dec.InputOffset())
	top := sc.stack[len(sc.stack)-1]
	sc.stack = sc.stack[:len(sc.stack)-1]
	lay := sc.lay
	switch {
	case len(sc.stack) == 2 && sc.stack[0].name.Local == "domain" && isPlain(sc.stack[1].name, "devices"):
		sp := Span{top.start, end}
		lay.lastChild = sp
		if isPlain(top.name, "interface") {
			lay.ifaces = append(lay.ifaces, sp)
		}
	case len(sc.stack) == 1 && isPlain(top.name, "devices") && lay.devices.End == 0:
		lay.devices.End = end
		// A self-closing tag yields a synthetic EndElement that consumes
		// nothing, so the text ends in "/>".
		if strings.HasSuffix(sc.doc[:end], "/>") && end == lay.devOpenEnd {
			lay.devSelfClos = true
			lay.devCloseAt = end - 2
		} else {
			lay.devCloseAt = at
		}
	}
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
