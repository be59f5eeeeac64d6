package domainlist

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/styles"
)

// maxHostColW caps the HOST column; longer labels are cut with "…", and
// on a narrow terminal the column gives way so names keep minHostNameW.
const (
	maxHostColW  = 24
	minHostNameW = 12
)

// View renders exactly height lines, so the root's status and help rows
// stay put whatever the list shows.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	var lines []string
	if m.multi() {
		lines = m.tableLines()
	} else {
		p := m.parts[0]
		switch {
		case !p.loaded:
			lines = append(lines, "", "  "+m.spinner.View()+" connecting to "+m.ctx.HostName()+"…")
			return m.fill(lines, nil)
		case p.err != nil:
			lines = append(lines, "", "  "+st.Error.Render("could not list domains: press r to retry"))
		case len(m.doms) == 0:
			lines = append(lines, "", "  "+st.Muted.Render("no domains on "+m.ctx.HostName()))
		default:
			lines = m.tableLines()
		}
	}

	var bottom []string
	if m.showFilterLine() {
		if m.filtering {
			bottom = append(bottom, m.input.View())
		} else {
			bottom = append(bottom, st.Muted.Render(ansi.Truncate("/ "+m.input.Value(), m.width, "…")))
		}
	}
	bottom = append(bottom, m.footer())
	return m.fill(lines, bottom)
}

// tableLines is the column header and the visible rows.
func (m *Model) tableLines() []string {
	st := m.ctx.Styles
	nameW := m.nameWidth()
	lines := []string{st.Label.Render(m.headerRow(nameW))}
	if len(m.idx) == 0 {
		lines = append(lines, "  "+st.Muted.Render("no domain matches “"+m.input.Value()+"”"))
	}
	end := min(len(m.idx), m.offset+m.tableRows())
	for i := m.offset; i < end; i++ {
		j := m.idx[i]
		p := m.parts[m.rows[j].part]
		if m.rows[j].host {
			lines = append(lines, m.hostRow(p, i == m.cursor))
		} else {
			lines = append(lines, m.row(p, m.doms[j], nameW, i == m.cursor))
		}
	}
	return lines
}

// fill pads top with blank lines so bottom sits on the last rows, and cuts
// top when the screen is too short for both.
func (m *Model) fill(top, bottom []string) string {
	if len(bottom) > m.height {
		bottom = bottom[len(bottom)-m.height:]
	}
	room := m.height - len(bottom)
	if len(top) > room {
		top = top[:room]
	}
	out := make([]string, 0, m.height)
	out = append(out, top...)
	for len(out) < room {
		out = append(out, "")
	}
	out = append(out, bottom...)
	return strings.Join(out, "\n")
}

// hostWidth is the HOST column: the longest label and room for the down
// symbol after it; 0 with one host, which has no HOST column.
func (m *Model) hostWidth() int {
	if !m.multi() {
		return 0
	}
	w := min(max(m.maxHostW+2, len("HOST")), maxHostColW)
	room := m.width - fixedW - gapW - minHostNameW
	if m.rateColumn() {
		room -= gapW + rateW
	}
	return max(len("HOST"), min(w, room))
}

func (m *Model) nameWidth() int {
	fixed := fixedW
	if m.rateColumn() {
		fixed += gapW + rateW
	}
	if hw := m.hostWidth(); hw > 0 {
		fixed += hw + gapW
	}
	return max(minNameW, min(max(m.maxNameW, len("NAME")), m.width-fixed))
}

func (m *Model) headerRow(nameW int) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutterW))
	pad(&b, "STATE", stateW)
	b.WriteString("  ")
	if hw := m.hostWidth(); hw > 0 {
		pad(&b, "HOST", hw)
		b.WriteString("  ")
	}
	pad(&b, "NAME", nameW)
	b.WriteString("  ")
	padLeft(&b, "ID", idW)
	if m.rateColumn() {
		b.WriteString("  ")
		padLeft(&b, rateHead, rateW)
	}
	return b.String()
}

// row formats one domain. The cursor row is drawn plain inside the
// selection style: a coloured state inside it would reset the highlight
// half-way along the row. The "▸" marker keeps the cursor visible without
// colour.
func (m *Model) row(p *part, d model.DomainInfo, nameW int, cur bool) string {
	st := m.ctx.Styles
	var b strings.Builder
	b.Grow(m.width + 32)
	if cur {
		b.WriteString(cursorMark)
	} else {
		b.WriteString("  ")
	}
	state := styles.StateSymbol(d.State) + " " + string(d.State)
	sw := ansi.StringWidth(state)
	if cur {
		b.WriteString(state)
	} else {
		b.WriteString(st.State(d.State))
	}
	b.WriteString(strings.Repeat(" ", max(0, stateW-sw)+gapW))
	if hw := m.hostWidth(); hw > 0 {
		pad(&b, ansi.Truncate(hostCell(p), hw, "…"), hw)
		b.WriteString("  ")
	}
	pad(&b, ansi.Truncate(present.Safe(d.Name), nameW, "…"), nameW)
	b.WriteString("  ")
	id := "-"
	if d.ID >= 0 {
		id = strconv.Itoa(d.ID)
	}
	padLeft(&b, id, idW)
	if m.rateColumn() {
		b.WriteString("  ")
		padLeft(&b, rateCell(p, d.UUID), rateW)
	}
	if k := markText(p.marks[d.Name]); k != "" {
		b.WriteString("  ")
		if cur {
			b.WriteString(k)
		} else {
			b.WriteString(st.Finding(p.marks[d.Name].worst).Render(k))
		}
	}
	if !d.Persistent {
		b.WriteString("  ")
		if cur {
			b.WriteString(transientWord)
		} else {
			b.WriteString(st.Muted.Render(transientWord))
		}
	}
	return m.finish(b.String(), cur)
}

// hostRow is the one row of a host with no domains to show: its state in
// the STATE column, its label in HOST, and why in the rest of the row.
func (m *Model) hostRow(p *part, cur bool) string {
	st := m.ctx.Styles
	state, text, bad := m.hostState(p)
	var b strings.Builder
	if cur {
		b.WriteString(cursorMark)
	} else {
		b.WriteString("  ")
	}
	pad(&b, state, stateW)
	b.WriteString("  ")
	hw := m.hostWidth()
	pad(&b, ansi.Truncate(present.Safe(p.ctx.HostName()), hw, "…"), hw)
	b.WriteString("  ")
	room := max(1, m.width-ansi.StringWidth(b.String()))
	text = ansi.Truncate(present.Safe(text), room, "…")
	switch {
	case cur:
		b.WriteString(text)
	case bad:
		b.WriteString(st.Error.Render(text))
	default:
		b.WriteString(st.Muted.Render(text))
	}
	return m.finish(b.String(), cur)
}

// finish pads the cursor row to the width inside the selection style.
func (m *Model) finish(line string, cur bool) string {
	if !cur {
		// A mark and "transient" together may pass the narrowest width.
		return ansi.Truncate(line, m.width, "")
	}
	if w := ansi.StringWidth(line); w < m.width {
		line += strings.Repeat(" ", m.width-w)
	} else if w > m.width {
		line = ansi.Truncate(line, m.width, "")
	}
	return m.ctx.Styles.Selected.Render(line)
}

func (m *Model) footer() string {
	st := m.ctx.Styles
	left, leftW := "", 0
	if t := m.counts(); t != "" {
		left, leftW = st.Muted.Render(t), ansi.StringWidth(t)
	}
	if m.refreshing() {
		if leftW > 0 {
			left, leftW = left+"  ", leftW+2
		}
		sp := m.spinner.View()
		left += sp + st.Muted.Render(" refreshing…")
		leftW += ansi.StringWidth(sp) + ansi.StringWidth(" refreshing…")
	}
	right := ""
	if len(m.idx) > 0 {
		right = strconv.Itoa(m.cursor+1) + "/" + strconv.Itoa(len(m.idx))
	}
	gap := m.width - leftW - len(right)
	if gap < 1 {
		return ansi.Truncate(left, m.width, "…")
	}
	return left + strings.Repeat(" ", gap) + st.Muted.Render(right)
}

// counts is the footer's "12 domains (12 shown)", with the hosts among
// several.
func (m *Model) counts() string {
	if !m.multi() {
		p := m.parts[0]
		if !p.loaded || p.err != nil {
			return ""
		}
		return strconv.Itoa(len(m.doms)) + " domains (" + strconv.Itoa(m.shown) + " shown)"
	}
	total := 0
	for _, p := range m.parts {
		total += len(p.doms)
	}
	return strconv.Itoa(total) + " domains on " + strconv.Itoa(len(m.parts)) + " hosts (" + strconv.Itoa(m.shown) + " shown)"
}

// refreshing: a listing is on its way while the table shows an earlier
// one.
func (m *Model) refreshing() bool {
	for _, p := range m.parts {
		if p.loading && p.loaded {
			return true
		}
	}
	return false
}

func pad(b *strings.Builder, s string, w int) {
	b.WriteString(s)
	if n := w - ansi.StringWidth(s); n > 0 {
		b.WriteString(strings.Repeat(" ", n))
	}
}

func padLeft(b *strings.Builder, s string, w int) {
	if n := w - ansi.StringWidth(s); n > 0 {
		b.WriteString(strings.Repeat(" ", n))
	}
	b.WriteString(s)
}
