package model

import (
	"fmt"
	"strconv"
	"strings"
)

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
