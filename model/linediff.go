package model

import (
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// UnifiedDiff renders a line diff of a and b in unified format with three
// lines of context, as `diff -u` would; "" when they are equal. The diff
// itself is difflib's (the one testify uses). Both texts are compared as
// newline-terminated lines: a missing final newline is not a change.
func UnifiedDiff(a, b, nameA, nameB string) string {
	la, lb := lines(a), lines(b)
	if strings.Join(la, "") == strings.Join(lb, "") {
		return ""
	}
	out, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: la, B: lb, FromFile: nameA, ToFile: nameB, Context: 3,
	})
	if err != nil {
		return ""
	}
	return out
}

// lines splits s after each newline, ending the last line with one.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	l := strings.SplitAfter(s, "\n")
	return l[:len(l)-1] // the empty string after the final newline
}
