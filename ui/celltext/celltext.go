// Package celltext lays out text measured in terminal cells (wide runes
// count two, escape sequences none), for the screens that wrap, pad and
// fit their own rows.
package celltext

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks s at spaces into lines of at most w cells; a word longer
// than w is cut. It gives at least one line.
func Wrap(s string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		for ansi.StringWidth(word) > w {
			if line != "" {
				out = append(out, line)
				line = ""
			}
			head := ansi.Truncate(word, w, "")
			out = append(out, head)
			word = word[len(head):]
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			out = append(out, line)
			line = word
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

// PadRight fills s with spaces to w cells; a wider s is left as it is.
func PadRight(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Fit makes lines exactly h rows of at most w cells (cutting longer rows,
// adding empty ones), so what is stacked below them never moves.
func Fit(lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}
