// Package help renders the root's help bar and the "?" overlay with
// bubbles/help, in virtnic's styles. The overlay wraps help columns onto
// further rows instead of cutting them off, so every key stays listed at
// 60 columns too.
package help

import (
	"strings"

	bhelp "github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"virtnic/ui/styles"
)

// Model renders help in the given styles.
type Model struct {
	h bhelp.Model
}

// New builds a help renderer in st's colours.
func New(st *styles.Styles) Model {
	h := bhelp.New()
	h.Styles = bhelp.Styles{
		Ellipsis:       st.Muted,
		ShortKey:       st.Focused,
		ShortDesc:      st.Muted,
		ShortSeparator: st.Muted,
		FullKey:        st.Focused,
		FullDesc:       st.StatusBar,
		FullSeparator:  st.Muted,
	}
	return Model{h: h}
}

// ShortView is one row: the screen's bindings, truncated with an ellipsis to
// leave room, then the root's bindings flush right, so "? help" and
// "ctrl+c quit" never fall off a narrow window.
func (m Model) ShortView(screen, root []key.Binding, w int) string {
	right := m.fitLine(root, w)
	left := m.fitLine(screen, w-lipgloss.Width(right)-2)
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return right
	}
	return left + strings.Repeat(" ", gap) + right
}

// fitLine keeps as many leading bindings as fit in w, with an ellipsis when
// some were left out. (bubbles/help appends an item that does not fit when
// not even its ellipsis would.)
func (m Model) fitLine(bs []key.Binding, w int) string {
	h := m.h
	h.Width = 0
	var on []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	for n := len(on); n > 0; n-- {
		s := h.ShortHelpView(on[:n])
		if n < len(on) {
			s += " " + h.Styles.Ellipsis.Render(h.Ellipsis)
		}
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	return ""
}

// FullView lays the groups out as columns, starting a new row of columns
// whenever the next one would pass w.
func (m Model) FullView(groups [][]key.Binding, w int) string {
	h := m.h
	h.Width = 0
	var rows []string
	var row [][]key.Binding
	rowW := 0
	sepW := lipgloss.Width(h.FullSeparator)
	for _, g := range groups {
		cw := lipgloss.Width(h.FullHelpView([][]key.Binding{g}))
		if cw == 0 {
			continue // every binding disabled
		}
		if len(row) > 0 && rowW+sepW+cw > w {
			rows = append(rows, h.FullHelpView(row))
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			rowW += sepW
		}
		row = append(row, g)
		rowW += cw
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}
