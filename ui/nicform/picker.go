package nicform

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/present"
	"virtnic/ui/celltext"
	"virtnic/ui/keymap"
	"virtnic/ui/scroll"
)

// picker is an open list of a choice field's values. It replaces the form
// while open, so it gets the whole page height even at 80x24.
type picker struct {
	field     fieldID
	opts      []option
	current   int // the field's value when opened, -1 if none matches
	cursor    int // index into shown()
	offset    int
	filter    textinput.Model
	filtering bool
}

func newPicker(f fieldID, opts []option, current int) *picker {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Cursor.SetMode(cursor.CursorStatic)
	p := &picker{field: f, opts: opts, current: current, filter: ti}
	if current >= 0 {
		p.cursor = current
	}
	return p
}

// shown lists the options matching the filter (case-insensitive, over the
// label, its marker and its detail, so "passthrough" finds the devices it
// holds and a domain's name the devices it uses).
func (p *picker) shown() []int {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	out := make([]int, 0, len(p.opts))
	for i, o := range p.opts {
		if q == "" || strings.Contains(strings.ToLower(o.label+" "+o.marker+" "+strings.Join(o.detail, " ")), q) {
			out = append(out, i)
		}
	}
	return out
}

// text is a row as plain text: the label, what it means, then its note.
func (o option) text() string {
	s := present.Safe(o.label)
	if o.help != "" {
		s += " — " + o.help
	}
	if o.marker != "" {
		s += " " + present.Safe(o.marker)
	}
	return s
}

// update handles a key; it returns the chosen option (nil if none) and
// whether the picker closed.
func (p *picker) update(km tea.KeyMsg) (chosen *option, closed bool) {
	shown := p.shown()
	move := func(d int) {
		if len(shown) == 0 {
			return
		}
		p.cursor = min(max(p.cursor+d, 0), len(shown)-1)
	}
	switch {
	case km.Type == tea.KeyEsc:
		if p.filtering || p.filter.Value() != "" {
			p.filtering = false
			p.filter.Blur()
			p.filter.SetValue("")
			p.cursor = max(p.current, 0)
			return nil, false
		}
		return nil, true
	case km.Type == tea.KeyEnter:
		if len(shown) == 0 {
			return nil, false
		}
		o := p.opts[shown[p.cursor]]
		return &o, true
	case km.Type == tea.KeyUp:
		move(-1)
	case km.Type == tea.KeyDown:
		move(1)
	case km.Type == tea.KeyPgUp:
		move(-10)
	case km.Type == tea.KeyPgDown:
		move(10)
	case p.filtering:
		before := p.filter.Value()
		p.filter, _ = p.filter.Update(km)
		if p.filter.Value() != before {
			p.cursor = 0
		}
	case key.Matches(km, keymap.Up):
		move(-1)
	case key.Matches(km, keymap.Down):
		move(1)
	case key.Matches(km, pickFilter):
		p.filtering = true
		p.filter.Focus()
	case km.String() == "home" || km.String() == "g":
		p.cursor = 0
	case km.String() == "end" || km.String() == "G":
		move(len(shown))
	}
	return nil, false
}

// pickerView renders the title, the filter line and only the rows that
// fit, from the offset follow keeps (View changes no state).
func (m *Model) pickerView() string {
	p := m.picker
	lines, under, rows, shown := m.pickerLayout()
	if len(shown) == 0 {
		lines = append(lines, m.st.Muted.Render("  nothing matches the filter"))
	}
	offset := scroll.Follow(p.offset, p.cursor, rows, len(shown))
	for i := offset; i < len(shown) && i < offset+rows; i++ {
		lines = append(lines, m.pickerRow(p.opts[shown[i]], i == p.cursor, shown[i] == p.current))
		if i == p.cursor {
			lines = append(lines, under...)
		}
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// pickerLayout is what the picker shows above its rows (title, filter),
// what it shows under the cursor row, how many rows fit, and the options
// shown, by index.
func (m *Model) pickerLayout() (head, under []string, rows int, shown []int) {
	p, st := m.picker, m.st
	shown = p.shown()
	title := st.Title.Render("Choose: " + labels[p.field])
	if len(shown) > 0 {
		title += st.Muted.Render(fmt.Sprintf("  %d/%d", p.cursor+1, len(shown)))
	}
	head = append(head, title)
	if p.filtering || p.filter.Value() != "" {
		head = append(head, p.filter.View())
	}
	if len(shown) > 0 {
		under = m.pickerUnder(p.opts[shown[p.cursor]], m.height-len(head)-min(len(shown), 3))
	}
	return head, under, max(m.height-len(head)-len(under), 1), shown
}

// pickerUnder is what the highlighted row says in full, wrapped under it
// in at most room lines: who uses a device, and, when the row is cut, what
// choosing it means. That matters most when choosing, so it is never left
// to a truncated row.
func (m *Model) pickerUnder(o option, room int) []string {
	w := m.width
	if room <= 0 {
		return nil
	}
	cut := 3+ansi.StringWidth(o.text()) > w
	var parts []string
	if cut && o.help != "" {
		parts = append(parts, o.help)
	}
	for _, d := range o.detail {
		parts = append(parts, present.Safe(d))
	}
	if cut && len(o.detail) == 0 && o.marker != "" {
		parts = append(parts, present.Safe(strings.TrimPrefix(o.marker, "· ")))
	}
	var ws []string
	for _, s := range parts {
		ws = append(ws, celltext.Wrap(s, max(w-5, 8))...)
	}
	if len(ws) > room {
		ws = ws[:room]
		ws[room-1] = ansi.Truncate(ws[room-1]+" …", max(w-5, 8), "…")
	}
	out := make([]string, len(ws))
	for i, l := range ws {
		prefix := "   ↳ "
		if i > 0 {
			prefix = "     "
		}
		out[i] = m.st.Muted.Render(prefix + l)
	}
	return out
}

// pickerRow is one option. Cursor and current value each get a symbol: the
// Selected style alone vanishes without colour.
func (m *Model) pickerRow(o option, cursor, current bool) string {
	st := m.st
	mark := " "
	if cursor {
		mark = "▸"
	}
	if current {
		mark += "● "
	} else {
		mark += "  "
	}
	if cursor {
		text := ansi.Truncate(mark+o.text(), m.width, "…")
		pad := max(m.width-ansi.StringWidth(text), 0)
		return st.Selected.Render(text + strings.Repeat(" ", pad))
	}
	text := mark + st.Value.Render(present.Safe(o.label))
	if o.help != "" {
		text += st.Muted.Render(" — " + o.help)
	}
	if o.marker != "" {
		text += " " + st.Muted.Render(present.Safe(o.marker))
	}
	return text
}
