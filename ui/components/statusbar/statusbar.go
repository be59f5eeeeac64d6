// Package statusbar is the root's one-line status row. Every level has a
// symbol as well as a colour, so the line reads the same with NO_COLOR.
package statusbar

import (
	"github.com/charmbracelet/x/ansi"

	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// Model is the current status text.
type Model struct {
	Text  string
	Level common.StatusLevel
}

// Set replaces the text.
// Clear empties the line.
func (m *Model) Clear() { m.Text = "" }

// Statuses quote names and libvirt's words, so they are escaped here, once.
func (m *Model) Set(msg common.StatusMsg) {
	m.Text, m.Level = present.SafeMultiline(msg.Text), msg.Level
}

// View renders the status on one row of width w.
func (m Model) View(st *styles.Styles, w int) string {
	if m.Text == "" {
		return ""
	}
	text, style := m.Text, st.StatusBar
	switch m.Level {
	case common.StatusOK:
		text, style = "✓ "+text, st.OK
	case common.StatusWarn:
		text, style = "! "+text, st.Warning
	case common.StatusError:
		text, style = "✗ "+text, st.Error
	}
	// Truncate before styling so the escape codes are never cut in half.
	return style.Render(ansi.Truncate(firstLine(text), w, "…"))
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
