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

// diffLine is one line of a text; noEOL marks a last line without a
// trailing newline, which must not compare equal to the same line with one.
type diffLine struct {
	text  string
	noEOL bool
}

func splitLines(s string) []diffLine {
	if s == "" {
		return nil
	}
	parts := strings.SplitAfter(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]diffLine, len(parts))
	for i, p := range parts {
		if strings.HasSuffix(p, "\n") {
			out[i] = diffLine{text: p[:len(p)-1]}
		} else {
			out[i] = diffLine{text: p, noEOL: true}
		}
	}
	return out
}

type editOp byte

const (
	opEqual editOp = ' '
	opDel   editOp = '-'
	opIns   editOp = '+'
)

type diffEdit struct {
	op   editOp
	a, b int // line indexes in a and b (the one that does not apply is unused)
}

// myers computes a shortest edit script between a and b (Myers 1986, the
// greedy O((N+M)D) forward search, keeping each round's V to walk back).
func myers(a, b []diffLine) []diffEdit {
	n, m := len(a), len(b)
	max := n + m
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	found := false
	for d := 0; d <= max && !found; d++ {
		snap := make([]int, len(v))
		copy(snap, v)
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Walk back from (n, m) through the saved rounds.
	var rev []diffEdit
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[off+k-1] < vd[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, diffEdit{opEqual, x, y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			y--
			rev = append(rev, diffEdit{opIns, x, y})
		} else {
			x--
			rev = append(rev, diffEdit{opDel, x, y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, diffEdit{opEqual, x, y})
	}
	out := make([]diffEdit, len(rev))
	for i := range rev {
		out[i] = rev[len(rev)-1-i]
	}
	return out
}

// UnifiedDiff renders a line diff of a and b in unified format with three
// lines of context, as `diff -u` would; "" when they are equal.
func UnifiedDiff(a, b, nameA, nameB string) string {
	la, lb := splitLines(a), splitLines(b)
	edits := myers(la, lb)
	const ctx = 3

	// Group changes that are at most 2*ctx equal lines apart into hunks.
	var hunks [][2]int // [first, last] edit index, inclusive
	for i, e := range edits {
		if e.op == opEqual {
			continue
		}
		lo, hi := i-ctx, i+ctx
		if lo < 0 {
			lo = 0
		}
		if hi > len(edits)-1 {
			hi = len(edits) - 1
		}
		if n := len(hunks); n > 0 && lo <= hunks[n-1][1]+1 {
			hunks[n-1][1] = hi
		} else {
			hunks = append(hunks, [2]int{lo, hi})
		}
	}
	if len(hunks) == 0 {
		return ""
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	for _, h := range hunks {
		aStart, bStart, aLen, bLen := -1, -1, 0, 0
		for _, e := range edits[h[0] : h[1]+1] {
			switch e.op {
			case opEqual:
				if aStart < 0 {
					aStart = e.a
				}
				if bStart < 0 {
					bStart = e.b
				}
				aLen++
				bLen++
			case opDel:
				if aStart < 0 {
					aStart = e.a
				}
				aLen++
			case opIns:
				if bStart < 0 {
					bStart = e.b
				}
				bLen++
			}
		}
		// A hunk without lines on one side names the line before it, as
		// diff -u does ("-0,0" at the top of the file).
		if aStart < 0 {
			aStart = insertPointA(edits, h[0])
		}
		if bStart < 0 {
			bStart = insertPointB(edits, h[0])
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
		for _, e := range edits[h[0] : h[1]+1] {
			var l diffLine
			if e.op == opIns {
				l = lb[e.b]
			} else {
				l = la[e.a]
			}
			sb.WriteByte(byte(e.op))
			sb.WriteString(l.text)
			sb.WriteByte('\n')
			if l.noEOL {
				sb.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return sb.String()
}

// insertPointA is the index in a where edit i happens, for hunks that touch
// no line of a.
func insertPointA(edits []diffEdit, i int) int {
	n := 0
	for _, e := range edits[:i] {
		if e.op != opIns {
			n = e.a + 1
		}
	}
	return n
}

func insertPointB(edits []diffEdit, i int) int {
	n := 0
	for _, e := range edits[:i] {
		if e.op != opDel {
			n = e.b + 1
		}
	}
	return n
}

// hunkRange formats a 0-based start and a length the way diff -u does.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return strconv.Itoa(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
