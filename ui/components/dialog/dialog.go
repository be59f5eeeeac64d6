// Package dialog is the terminal UI's one modal dialog: a title, a body
// that scrolls in a viewport, and keyed choices. The body is text and,
// for a plan, a unified diff whose wrapped continuation rows keep their +
// or - marker (and colour), so a long changed line never reads as two
// unchanged ones. The root owns a stack of dialogs; screens ask for one
// with a message and hear back through the chosen Choice's Msg.
package dialog

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/present"
	"virtnic/ui/styles"
)

// Choice is one answer. Msg is delivered when it is chosen (nil: just close).
type Choice struct {
	Key   key.Binding
	Label string
	Msg   tea.Msg
}

// Model is one dialog. Text and Diff are escaped on the way in.
type Model struct {
	Title   string
	Text    string
	Diff    string
	Choices []Choice

	vp          viewport.Model
	width       int // outer width, border included
	rows, total int // visible body rows, body rows in all
}

// maxWidth keeps long lines readable on very wide terminals.
const maxWidth = 140

// New builds a dialog; SetSize lays it out.
func New(title, text, diff string, choices ...Choice) Model {
	return Model{
		Title: present.Safe(title), Text: present.SafeMultiline(strings.TrimRight(text, "\n")),
		Diff: present.SafeMultiline(strings.TrimRight(diff, "\n")), Choices: choices,
	}
}

// Body is the dialog's text and diff as plain text, for tests and logs.
func (m Model) Body() string {
	if m.Diff == "" {
		return m.Text
	}
	return m.Text + "\n\n" + m.Diff
}

// Scroll keys; choices are checked first, so a choice may reuse none of
// these.
var (
	lineUp   = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll"))
	lineDown = key.NewBinding(key.WithKeys("down", "j"))
	pageUp   = key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/pgdn", "page"))
	pageDown = key.NewBinding(key.WithKeys("pgdown", " ", "f"))
	top      = key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/end", "top/end"))
	bottom   = key.NewBinding(key.WithKeys("end", "G"))
)

// SetSize lays the dialog out for a w×h screen area: as wide as the area
// allows (up to maxWidth), body rows wrapped to that width.
func (m *Model) SetSize(w, h int, st *styles.Styles) {
	m.width = max(24, min(w-2, maxWidth))
	text := m.width - 4 // border and one column of padding each side
	rows := m.render(text, st)
	m.total = len(rows)
	room := max(1, h-6) // border, title, blank, footer
	m.rows = min(room, m.total)
	off := m.vp.YOffset
	m.vp = viewport.New(text, m.rows)
	m.vp.SetContent(strings.Join(rows, "\n"))
	m.vp.SetYOffset(off)
}

// render wraps the body to width w: text at word boundaries, diff rows
// keeping their marker on every continuation.
func (m *Model) render(w int, st *styles.Styles) []string {
	var rows []string
	if m.Text != "" {
		for _, l := range strings.Split(m.Text, "\n") {
			rows = append(rows, strings.Split(ansi.Wrap(l, w, " "), "\n")...)
		}
	}
	if m.Diff == "" {
		return rows
	}
	if len(rows) > 0 {
		rows = append(rows, "")
	}
	for _, l := range strings.Split(m.Diff, "\n") {
		rows = append(rows, diffRows(l, w, st)...)
	}
	return rows
}

// diffRows wraps one diff line; every row repeats the line's marker.
func diffRows(l string, w int, st *styles.Styles) []string {
	style := st.Value
	marker := " "
	switch {
	case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"), strings.HasPrefix(l, "@@"):
		style, marker = st.DiffHunk, ""
	case strings.HasPrefix(l, "+"):
		style, marker = st.DiffAdd, "+"
	case strings.HasPrefix(l, "-"):
		style, marker = st.DiffDel, "-"
	}
	body := strings.TrimPrefix(l, marker)
	if marker == " " {
		body = strings.TrimPrefix(l, " ")
	}
	var out []string
	for _, piece := range strings.Split(ansi.Wrap(body, max(1, w-len(marker)), " "), "\n") {
		out = append(out, style.Render(marker+piece))
	}
	return out
}

// Update handles a key. It returns chosen when the key picks a choice (the
// dialog is then done; chosen may be nil for a plain close) and done=false
// while the dialog stays open.
func (m Model) Update(k tea.KeyMsg) (next Model, chosen tea.Msg, done bool) {
	for _, c := range m.Choices {
		if key.Matches(k, c.Key) {
			return m, c.Msg, true
		}
	}
	switch {
	case key.Matches(k, lineUp):
		m.vp.ScrollUp(1)
	case key.Matches(k, lineDown):
		m.vp.ScrollDown(1)
	case key.Matches(k, pageUp):
		m.vp.PageUp()
	case key.Matches(k, pageDown):
		m.vp.PageDown()
	case key.Matches(k, top):
		m.vp.GotoTop()
	case key.Matches(k, bottom):
		m.vp.GotoBottom()
	}
	return m, nil, false
}

// GotoBottom scrolls to the end (a log's newest entries).
func (m *Model) GotoBottom() { m.vp.GotoBottom() }

// Keys is what the help bar shows while the dialog is open.
func (m Model) Keys() []key.Binding {
	var bs []key.Binding
	for _, c := range m.Choices {
		bs = append(bs, c.Key)
	}
	if m.total > m.rows {
		bs = append(bs, lineUp, pageUp, top)
	}
	return bs
}

// Position is "first visible row/rows in all", "" when all fit.
func (m Model) Position() string {
	if m.total <= m.rows {
		return ""
	}
	return fmt.Sprintf("%d/%d", m.vp.YOffset+1, m.total)
}

// View draws the dialog; SetSize must have run.
func (m Model) View(st *styles.Styles) string {
	text := m.width - 4
	var choices []string
	for _, c := range m.Choices {
		choices = append(choices, st.Focused.Render(c.Key.Help().Key)+" "+c.Label)
	}
	footer := strings.Join(choices, "   ")
	if pos := m.Position(); pos != "" {
		gap := text - ansi.StringWidth(footer) - len(pos)
		footer += strings.Repeat(" ", max(2, gap)) + st.Muted.Render(pos)
	}
	content := st.Title.Render(ansi.Truncate(m.Title, text, "…")) + "\n" + m.vp.View() + "\n\n" + ansi.Truncate(footer, text, "…")
	return st.Dialog.Width(m.width - 2).Render(content)
}
