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

type xmlAttr struct{ name, value string }

func (e xmlEntry) attr(name string) string {
	v, _ := e.attrValue(name)
	return v
}

func (e xmlEntry) attrValue(name string) (string, bool) {
	for _, a := range e.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

func (e xmlEntry) String() string {
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
			b.WriteString(quoteIfNeeded(a.value))
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
				e.attrs = append(e.attrs, xmlAttr{xmlNameString(a.Name), a.Value})
			}
			sort.Slice(e.attrs, func(i, j int) bool { return e.attrs[i].name < e.attrs[j].name })
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
			m[e.String()]++
		}
		return m
	}
	inB, inA := count(b), count(a)
	for _, e := range a {
		k := e.String()
		if inB[k] > 0 {
			inB[k]--
		} else {
			lost = append(lost, e)
		}
	}
	for _, e := range b {
		k := e.String()
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
