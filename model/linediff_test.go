package model

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedDiffExact(t *testing.T) {
	if got := UnifiedDiff("a\nb\n", "a\nb\n", "x", "y"); got != "" {
		t.Fatalf("equal texts: %q", got)
	}
	for name, tc := range map[string]struct{ a, b, want string }{
		"one change, context clipped at top": {
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			"1\n2\nthree\n4\n5\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n",
		},
		"two hunks": {
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
			"0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n",
			"--- a\n+++ b\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -12,4 +13,3 @@\n 12\n 13\n 14\n-15\n",
		},
		"close changes share a hunk": {
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
			"1\nX\n3\n4\n5\n6\n7\n8\nY\n10\n",
			"--- a\n+++ b\n@@ -1,10 +1,10 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+Y\n 10\n",
		},
		"from empty": {
			"",
			"a\nb\n",
			"--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		"to empty": {
			"a\n",
			"",
			"--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n",
		},
		"a missing final newline is no change": {
			"a\nb",
			"a\nb\n",
			"",
		},
	} {
		if got := UnifiedDiff(tc.a, tc.b, "a", "b"); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, tc.want)
		}
	}
}

// applyUnified replays a unified diff on a, so random tests can check that
// the diff really turns a into b.
func applyUnified(t *testing.T, a, diff string) string {
	t.Helper()
	src := strings.Split(strings.TrimSuffix(a, "\n"), "\n")
	if a == "" {
		src = nil
	}
	var out []string
	pos := 0
	lines := strings.Split(strings.TrimSuffix(diff, "\n"), "\n")
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "@@") {
			var start int
			f := strings.Fields(l)[1] // -l,s
			n := strings.SplitN(f[1:], ",", 2)
			start, _ = strconv.Atoi(n[0])
			cnt := 1
			if len(n) == 2 {
				cnt, _ = strconv.Atoi(n[1])
			}
			if cnt > 0 {
				start--
			}
			for pos < start {
				out = append(out, src[pos])
				pos++
			}
			continue
		}
		switch l[0] {
		case ' ':
			if src[pos] != l[1:] {
				t.Fatalf("context mismatch at %d: %q vs %q", pos, src[pos], l[1:])
			}
			out = append(out, l[1:])
			pos++
		case '-':
			if src[pos] != l[1:] {
				t.Fatalf("delete mismatch at %d", pos)
			}
			pos++
		case '+':
			out = append(out, l[1:])
		}
	}
	for ; pos < len(src); pos++ {
		out = append(out, src[pos])
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}

func TestUnifiedDiffRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	gen := func() string {
		n := rnd.Intn(30)
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%c\n", 'a'+rnd.Intn(4))
		}
		return b.String()
	}
	for i := 0; i < 500; i++ {
		a, b := gen(), gen()
		d := UnifiedDiff(a, b, "a", "b")
		if (d == "") != (a == b) {
			t.Fatalf("a=%q b=%q: diff %q", a, b, d)
		}
		if d == "" {
			continue
		}
		if got := applyUnified(t, a, d); got != b {
			t.Fatalf("patch of %q gives %q, want %q\n%s", a, got, b, d)
		}
	}
}
