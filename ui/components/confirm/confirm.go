// Package confirm is a small modal dialog: a title, a body (e.g. an XML diff)
// and a few choices, each bound to its own key. Screens embed it and route
// keys to it while it is open.
package confirm

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"virtnic/present"
	"virtnic/ui/styles"
)

// Choice is one answer. Msg is sent when it is chosen (nil: just close).
type Choice struct {
	Key   key.Binding
	Label string
	Msg   tea.Msg
}

// Model is an open dialog. The zero value is closed.
type Model struct {
	Title   string
	Body    string
	Choices []Choice
	open    bool
	scroll  int
	room    int // body rows the last View had; bounds scrolling in Update
}

// New opens a dialog.
// Title and body usually quote names and XML from libvirt: they are escaped
// here, once.
func New(title, body string, choices ...Choice) Model {
	return Model{Title: present.Safe(title), Body: present.SafeMultiline(body), Choices: choices, open: true}
}

// Open reports whether the dialog is showing.
func (m Model) Open() bool { return m.open }

var (
	scrollUp   = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll"))
	scrollDown = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll"))
)

// Update handles a key: a choice closes the dialog and sends its Msg;
// up/down scroll a long body. Other keys are swallowed, so nothing behind a
// modal dialog reacts.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || !m.open {
		return m, nil
	}
	for _, c := range m.Choices {
		if key.Matches(km, c.Key) {
			m.open = false
			if c.Msg == nil {
				return m, nil
			}
			out := c.Msg
			return m, func() tea.Msg { return out }
		}
	}
	switch {
	case key.Matches(km, scrollUp):
		if m.scroll > 0 {
			m.scroll--
		}
	case key.Matches(km, scrollDown):
		if m.room == 0 || m.scroll < m.bodyLines()-m.room {
			m.scroll++
		}
	}
	return m, nil
}

// ShortHelp lists the choices' keys for the help bar.
func (m Model) ShortHelp() []key.Binding {
	var bs []key.Binding
	for _, c := range m.Choices {
		bs = append(bs, c.Key)
	}
	return append(bs, scrollUp, scrollDown)
}

func (m Model) bodyLines() int {
	return len(strings.Split(strings.TrimRight(m.Body, "\n"), "\n"))
}

// View renders the dialog to fit in w×h, clipping a long body to the
// visible rows (scrollable). It records how many rows the body got, so
// Update stops scrolling at the end; hence the pointer receiver.
func (m *Model) View(st *styles.Styles, w, h int) string {
	if !m.open {
		return ""
	}
	// Width(inner) includes the 1-column padding on each side; the border
	// adds 2 more. Text gets inner-2 columns.
	inner := w - 2
	if inner < 22 {
		inner = 22
	}
	text := inner - 2
	var choices []string
	for _, c := range m.Choices {
		choices = append(choices, st.Focused.Render(c.Key.Help().Key)+" "+c.Label)
	}
	lines := strings.Split(strings.TrimRight(m.Body, "\n"), "\n")
	room := h - 6 // border, title, blank, choices
	if room < 1 {
		room = 1
	}
	m.room = room
	if m.scroll > len(lines)-room {
		m.scroll = max(0, len(lines)-room)
	}
	if len(lines) > room {
		lines = lines[m.scroll : m.scroll+room]
	}
	for i, l := range lines {
		lines[i] = clip(l, text)
	}
	body := strings.Join(lines, "\n")
	content := lipgloss.JoinVertical(lipgloss.Left,
		st.Title.Render(clip(m.Title, text)), body, "", clip(strings.Join(choices, "   "), text))
	return st.Dialog.Width(inner).Render(content)
}

func clip(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r)) > w-1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
