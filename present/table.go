package present

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Width returns the number of terminal columns Safe(s) takes: wide (East
// Asian, most emoji) grapheme clusters count 2, combining marks 0. It measures
// with the same function lipgloss uses to lay out the TUI, so a column the
// CLI pads and a box the TUI draws agree on every string.
func Width(s string) int {
	return ansi.StringWidth(Safe(s))
}

// columnGap is the space between columns, as text/tabwriter's padding of 2
// gave the CLI tables before.
const columnGap = 2

// Table lays out CLI output in columns padded by display width.
// text/tabwriter counts runes, so a CJK name (two columns wide, one rune)
// pushes every later cell of its row out of line; Table counts columns.
//
// Every column is as wide as its widest cell plus two spaces. Each line starts
// with the table's indent; the last non-empty cell of a row is not padded, so
// no line ends in spaces. A Table buffers rows until Flush.
type Table struct {
	w      io.Writer
	indent string
	rows   [][]cell
}

type cell struct {
	text  string
	width int
}

// NewTable returns a Table writing to w, each line prefixed by indent (which
// is the caller's own text and is not escaped).
func NewTable(w io.Writer, indent string) *Table {
	return &Table{w: w, indent: indent}
}

// Row adds a row. Each cell goes through Safe, so libvirt strings can be
// passed as they are and a cell can never break the line or move the cursor;
// a cell escaped already stays as it is, Safe being idempotent.
func (t *Table) Row(cells ...string) {
	row := make([]cell, len(cells))
	for i, c := range cells {
		s := Safe(c)
		row[i] = cell{text: s, width: ansi.StringWidth(s)}
	}
	t.rows = append(t.rows, row)
}

// Flush writes the rows added since the last Flush in one Write and forgets
// them; column widths are taken over those rows.
func (t *Table) Flush() error {
	widths := t.columnWidths()
	var b strings.Builder
	for _, row := range t.rows {
		last := len(row) - 1
		for last >= 0 && row[last].text == "" {
			last--
		}
		if last >= 0 {
			b.WriteString(t.indent)
		}
		for i := 0; i <= last; i++ {
			b.WriteString(row[i].text)
			if i < last {
				b.WriteString(strings.Repeat(" ", widths[i]-row[i].width+columnGap))
			}
		}
		b.WriteByte('\n')
	}
	t.rows = t.rows[:0]
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *Table) columnWidths() []int {
	var widths []int
	for _, row := range t.rows {
		for i, c := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], c.width)
		}
	}
	return widths
}
