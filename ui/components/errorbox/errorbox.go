// Package errorbox is the root's dismissible error dialog. For a libvirt
// failure it shows libvirt's own message and, separately, what it means for
// the user, because libvirt's words alone rarely say what to do next.
package errorbox

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"virtnic/libvirtx"
	"virtnic/present"
	"virtnic/ui/styles"
)

// Model is an open or closed error box. The zero value is closed.
type Model struct {
	Title   string
	Message string // libvirt's message, or err.Error() for other errors
	Meaning string // what it means; "" for non-libvirt errors
	Op      string // what virtnic was doing
	open    bool
}

// New opens a box for err.
func New(title string, err error) Model {
	m := Model{Title: title, open: true}
	if m.Title == "" {
		m.Title = "Error"
	}
	var le *libvirtx.Error
	switch {
	case errors.As(err, &le):
		m.Message, m.Meaning, m.Op = le.Message, le.Meaning, le.Op
	case err != nil:
		m.Message = err.Error()
	default:
		m.Message = "unknown error"
	}
	// libvirt's messages quote names as they are, link names included.
	m.Title, m.Op = present.Safe(m.Title), present.Safe(m.Op)
	m.Message, m.Meaning = present.SafeMultiline(m.Message), present.SafeMultiline(m.Meaning)
	return m
}

// Open reports whether the box is showing.
func (m Model) Open() bool { return m.open }

// Close hides the box.
func (m *Model) Close() { m.open = false }

// Dismiss is the binding that closes the box.
var Dismiss = key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc/enter", "dismiss"))

// View renders the box to fit in w×h.
func (m Model) View(st *styles.Styles, w, h int) string {
	if !m.open {
		return ""
	}
	inner := min(w-4, 72)
	if inner < 20 {
		inner = 20
	}
	// Dialog's width includes its one-column padding on each side.
	wrap := lipgloss.NewStyle().Width(inner - 2)
	var parts []string
	parts = append(parts, st.Error.Render("✗ ")+st.Title.Render(m.Title), "")
	msg := m.Message
	if m.Meaning != "" {
		msg = "libvirt: " + msg
	}
	parts = append(parts, wrap.Render(msg))
	if m.Meaning != "" {
		parts = append(parts, "", wrap.Inherit(st.Warning).Render("→ "+m.Meaning))
	}
	if m.Op != "" {
		parts = append(parts, "", wrap.Inherit(st.Muted).Render("while trying to "+m.Op))
	}
	parts = append(parts, "", st.Focused.Render(Dismiss.Help().Key)+" "+Dismiss.Help().Desc)
	body := strings.Join(parts, "\n")
	// Keep the dismiss hint visible on short windows: drop body lines from
	// the middle rather than the end.
	lines := strings.Split(body, "\n")
	if room := h - 2; room > 3 && len(lines) > room {
		lines = append(lines[:room-2], "…", lines[len(lines)-1])
	}
	return st.Dialog.Width(inner).Render(strings.Join(lines, "\n"))
}
