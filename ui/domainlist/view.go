package domainlist

import (
	"strconv"
	"strings"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/styles"

	"github.com/charmbracelet/x/ansi"
)

// View renders exactly height lines, so the root's status and help rows
// stay put whatever the list shows.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	lines := make([]string, 0, m.height)

	switch {
	case !m.loaded:
		lines = append(lines, "", "  "+m.spinner.View()+" connecting to "+m.ctx.HostName()+"…")
		return m.fill(lines, nil)
	case m.err != nil:
		lines = append(lines, "", "  "+st.Error.Render("could not list domains: press r to retry"))
	case len(m.doms) == 0:
		lines = append(lines, "", "  "+st.Muted.Render("no domains on "+m.ctx.HostName()))
	default:
		nameW := m.nameWidth()
		lines = append(lines, st.Label.Render(m.headerRow(nameW)))
		if len(m.idx) == 0 {
			lines = append(lines, "  "+st.Muted.Render("no domain matches “"+m.input.Value()+"”"))
		}
		end := min(len(m.idx), m.offset+m.tableRows())
		for i := m.offset; i < end; i++ {
			lines = append(lines, m.row(m.doms[m.idx[i]], nameW, i == m.cursor))
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

func (m *Model) nameWidth() int {
	fixed := fixedW
	if m.rateColumn() {
		fixed += gapW + rateW
	}
	return max(minNameW, min(max(m.maxNameW, len("NAME")), m.width-fixed))
}

func (m *Model) headerRow(nameW int) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutterW))
	pad(&b, "STATE", stateW)
	b.WriteString("  ")
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
func (m *Model) row(d model.DomainInfo, nameW int, cur bool) string {
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
	pad(&b, ansi.Truncate(present.Safe(d.Name), nameW, "…"), nameW)
	b.WriteString("  ")
	id := "-"
	if d.ID >= 0 {
		id = strconv.Itoa(d.ID)
	}
	padLeft(&b, id, idW)
	if m.rateColumn() {
		b.WriteString("  ")
		padLeft(&b, m.rateCell(d.UUID), rateW)
	}
	if !d.Persistent {
		b.WriteString("  ")
		if cur {
			b.WriteString(transientWord)
		} else {
			b.WriteString(st.Muted.Render(transientWord))
		}
	}
	if !cur {
		return b.String()
	}
	line := b.String()
	if w := ansi.StringWidth(line); w < m.width {
		line += strings.Repeat(" ", m.width-w)
	} else if w > m.width {
		line = ansi.Truncate(line, m.width, "")
	}
	return st.Selected.Render(line)
}

func (m *Model) footer() string {
	st := m.ctx.Styles
	left, leftW := "", 0
	if m.loaded && m.err == nil {
		t := strconv.Itoa(len(m.doms)) + " domains (" + strconv.Itoa(len(m.idx)) + " shown)"
		left, leftW = st.Muted.Render(t), ansi.StringWidth(t)
	}
	if m.loading && m.loaded {
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
