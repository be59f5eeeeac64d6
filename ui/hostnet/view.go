package hostnet

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/celltext"
	"virtnic/ui/scroll"
	"virtnic/ui/styles"
)

// Column widths of a NIC row. The state is the survey's: a domain with a
// live side (running, paused…) holds its devices, one without does not.
const (
	cursorW = 2
	indentW = 2
	nicW    = len("NIC :xx:yy:zz")
	modeW   = len("passthrough")
	stateW  = len("running")
	gapW    = 2
	minName = 6
	maxName = 24
	fixedW  = cursorW + indentW + 4 + nicW + modeW + stateW + 4*gapW // + mark, symbol and their spaces
	// maxWrap bounds how many lines the cursor row may wrap to.
	maxWrap = 4

	cursorMark  = "▸ "
	symConflict = styles.SymError
	symWarning  = styles.SymWarning
)

var (
	symRunning = styles.StateSymbol(model.StateRunning)
	symOff     = styles.StateSymbol(model.StateShutoff)
)

// listRows is how many lines the rows get: the screen less the title, the
// footer and the filter line.
func (m *Model) listRows() int {
	r := m.height - 2
	if m.showFilterLine() {
		r--
	}
	return max(1, r)
}

func (m *Model) showFilterLine() bool { return m.filtering || m.filter.Value() != "" }

// cursorLines is the cursor row as shown: wrapped when it does not fit, so
// a conflict's reason or a device's reason can be read in full.
func (m *Model) cursorLines() []string {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	r := m.rows[m.cursor]
	prefix, text := m.plain(r)
	w := max(m.width, 1)
	if ansi.StringWidth(cursorMark+prefix+text) <= w {
		return []string{cursorMark + prefix + text}
	}
	indent := cursorW + ansi.StringWidth(prefix)
	if r.kind == rowUser {
		// Columns do not wrap: what the NIC comes through moves to a line
		// of its own, under the domain name.
		cells := m.userCells(r)
		out := []string{cursorMark + prefix + strings.Join(cells[1:len(cells)-1], "")}
		if extra := cells[len(cells)-1]; extra != "" {
			out = append(out, strings.Repeat(" ", indent+ansi.StringWidth(cells[1]))+extra)
		}
		return out
	}
	ws := celltext.Wrap(text, max(w-indent, 8))
	room := min(maxWrap, max(1, m.listRows()/3))
	if len(ws) > room {
		ws = ws[:room]
		ws[room-1] = ansi.Truncate(ws[room-1]+" …", max(w-indent, 8), "…")
	}
	out := []string{cursorMark + prefix + ws[0]}
	for _, l := range ws[1:] {
		out = append(out, strings.Repeat(" ", indent)+l)
	}
	return out
}

// scrollToCursor keeps the cursor row, with every line it wraps to, in view.
func (m *Model) scrollToCursor() {
	rows := max(1, m.listRows()-max(0, len(m.cursorLines())-1))
	m.offset = scroll.Follow(m.offset, m.cursor, rows, len(m.rows))
}

// title names the host when the session shows several.
func (m *Model) title() string {
	if m.ctx.ShowHost {
		return "Host network of " + present.Safe(m.ctx.HostName())
	}
	return "Host network"
}

// View implements common.Screen: exactly height lines.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	lines := []string{st.Title.Render(m.title()) + st.Muted.Render("   "+symRunning+" running  "+symOff+" off  "+symConflict+" conflict  "+symWarning+" warning")}
	switch {
	case m.secs == nil && m.err != nil:
		lines = append(lines, "", "  "+st.Error.Render("could not read the host: press r to retry"),
			"  "+st.Muted.Render(present.Safe(m.err.Error())))
	case m.secs == nil:
		lines = append(lines, "", "  "+st.Muted.Render("reading the host…"))
	default:
		m.scrollToCursor()
		budget := m.listRows()
		for i := m.offset; i < len(m.rows) && budget > 0; i++ {
			if i == m.cursor {
				for _, l := range m.cursorLines() {
					lines = append(lines, st.Selected.Render(celltext.PadRight(l, m.width)))
				}
				budget -= len(m.cursorLines())
				continue
			}
			lines = append(lines, m.styled(m.rows[i]))
			budget--
		}
	}
	var bottom []string
	if m.showFilterLine() {
		if m.filtering {
			bottom = append(bottom, m.filter.View())
		} else {
			bottom = append(bottom, st.Muted.Render("/ "+present.Safe(m.filter.Value())))
		}
	}
	bottom = append(bottom, m.footer())
	return m.fill(lines, bottom)
}

// fill pads the rows so bottom sits on the last lines, and cuts every line
// to the width.
func (m *Model) fill(top, bottom []string) string {
	room := max(0, m.height-len(bottom))
	if len(top) > room {
		top = top[:room]
	}
	out := append([]string{}, top...)
	for len(out) < room {
		out = append(out, "")
	}
	out = append(out, bottom...)
	if len(out) > m.height {
		out = out[len(out)-m.height:]
	}
	for i := range out {
		out[i] = ansi.Truncate(out[i], m.width, "…")
	}
	return strings.Join(out, "\n")
}

func (m *Model) footer() string {
	st := m.ctx.Styles
	var parts []string
	if m.refreshing {
		parts = append(parts, "re-reading the host…")
	}
	if m.secs != nil {
		c := m.counts
		parts = append(parts, plural(c.devices, "device"), plural(c.bridges, "bridge"), plural(c.networks, "network"))
		if c.conflicts > 0 {
			parts = append(parts, symConflict+" "+plural(c.conflicts, "conflict"))
		}
		if c.warnings > 0 {
			parts = append(parts, symWarning+" "+plural(c.warnings, "warning"))
		}
	}
	return st.Muted.Render(strings.Join(parts, " · "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// nameWidth fits the longest domain name of the rows (measured once per
// layout). Names come before the last column, which most rows leave empty.
func (m *Model) nameWidth() int {
	return max(minName, min(m.longest, maxName, m.width-fixedW))
}

// measure records the longest domain name of the rows.
func (m *Model) measure() {
	m.longest = 0
	for _, r := range m.rows {
		if r.kind == rowUser {
			m.longest = max(m.longest, present.Width(r.use.Domain))
		}
	}
}

// plain is a row without cursor marker and colour: the prefix the wrapped
// lines of the cursor row align under, and the text.
func (m *Model) plain(r row) (prefix, text string) {
	switch r.kind {
	case rowHeading:
		return "", r.name
	case rowItem:
		return strings.Repeat(" ", indentW*r.depth), present.Safe(r.name) + "  " + present.Safe(r.desc)
	case rowConflict:
		return strings.Repeat(" ", indentW) + conflictSym(r.conflict.Severity) + " ", present.Safe(r.conflict.Reason)
	case rowNote:
		return strings.Repeat(" ", indentW), r.name
	}
	cells := m.userCells(r)
	return strings.Repeat(" ", indentW) + cells[0] + " ", strings.Join(cells[1:], "")
}

// styled is a row off the cursor, in colour.
func (m *Model) styled(r row) string {
	st := m.ctx.Styles
	lead := strings.Repeat(" ", cursorW)
	switch r.kind {
	case rowHeading:
		return st.Section.Render(r.name)
	case rowItem:
		return lead + strings.Repeat(" ", indentW*r.depth) + st.Value.Render(present.Safe(r.name)) + "  " + st.Muted.Render(present.Safe(r.desc))
	case rowConflict:
		return lead + strings.Repeat(" ", indentW) + severityStyle(st, r.conflict.Severity).Render(conflictSym(r.conflict.Severity)+" "+present.Safe(r.conflict.Reason))
	case rowNote:
		return lead + strings.Repeat(" ", indentW) + st.Muted.Render(r.name)
	}
	cells := m.userCells(r)
	mark := cells[0]
	if r.marked {
		mark = severityStyle(st, r.mark).Render(mark)
	}
	sym := st.Muted.Render(symOff)
	if r.use.Running {
		sym = st.OK.Render(symRunning)
	}
	return lead + strings.Repeat(" ", indentW) + mark + " " + sym + " " + st.Value.Render(cells[2]) + st.Muted.Render(strings.Join(cells[3:], ""))
}

// userCells is a NIC row's cells, padded: conflict mark, state symbol,
// domain, NIC, mode, state, and where it comes from.
func (m *Model) userCells(r row) []string {
	u := r.use
	mark := " "
	if r.marked {
		mark = conflictSym(r.mark)
	}
	sym, state := symOff, "off"
	if u.Running {
		sym, state = symRunning, "running"
	}
	nameW := m.nameWidth()
	name := ansi.Truncate(present.Safe(u.Domain), nameW, "…")
	extra := ""
	switch {
	case r.placedOn != "":
		extra = "on " + present.Safe(r.placedOn)
	case u.Network != "" && !r.inNetwork:
		extra = "via " + present.Safe(u.Network)
	case u.PortGroup != "":
		extra = "portgroup " + present.Safe(u.PortGroup)
	}
	gap := strings.Repeat(" ", gapW)
	return []string{mark, sym + " ", celltext.PadRight(name, nameW) + gap, celltext.PadRight(nicLabel(u), nicW) + gap,
		celltext.PadRight(present.Safe(string(u.Mode)), modeW) + gap, celltext.PadRight(state, stateW) + gap, extra}
}

// nicLabel is the details screen's name of a NIC: "NIC :3a:70:01".
func nicLabel(u model.DeviceUse) string {
	if len(u.MAC) == 17 {
		return "NIC " + present.Safe(u.MAC[8:])
	}
	return fmt.Sprintf("NIC %d", u.Index)
}

func conflictSym(s model.Severity) string {
	if s == model.SeverityError {
		return symConflict
	}
	return symWarning
}

func severityStyle(st *styles.Styles, s model.Severity) lipgloss.Style {
	if s == model.SeverityError {
		return st.Error
	}
	return st.Warning
}
