package findings

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"virtnic/audit"
	"virtnic/present"
)

// View implements common.Screen: a title, the visible lines, a footer.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	st := m.ctx.Styles
	out := []string{st.Title.Render("Findings") + st.Muted.Render("  what virtnic check reports for "+m.scope())}
	switch {
	case !m.surveyed:
		out = append(out, st.Muted.Render("reading the host…"))
	case len(m.found) == 0:
		out = append(out, st.OK.Render("nothing found: every NIC passes every rule"))
	}
	end := min(len(m.lines), m.offset+m.rows())
	for _, l := range m.lines[m.offset:end] {
		out = append(out, m.styled(l))
	}
	for len(out) < m.h-1 {
		out = append(out, "")
	}
	out = append(out[:m.h-1], st.Muted.Render(clip(m.footer(), m.w)))
	return strings.Join(out, "\n")
}

func (m *Model) scope() string {
	switch {
	case m.multi:
		return "every host"
	case m.ctx.Demo:
		return "the demo host"
	}
	return present.Safe(m.ctx.HostName())
}

func (m *Model) styled(l line) string {
	st := m.ctx.Styles
	text := clip(l.text, m.w)
	f := m.found[l.finding]
	switch {
	case l.finding == m.cursor:
		return st.Selected.Render(text + strings.Repeat(" ", max(0, m.w-ansi.StringWidth(text))))
	case !l.head:
		return st.Muted.Render(text)
	}
	return st.Finding(f.Severity).Render(text)
}

func (m *Model) footer() string {
	n := map[audit.Severity]int{}
	for _, f := range m.found {
		n[f.Severity]++
	}
	return present.Plural(n[audit.Error], "error") + " · " + present.Plural(n[audit.Warning], "warning") +
		" · " + present.Plural(n[audit.Info], "note") + " · from the host survey, kept current by events"
}

func clip(s string, w int) string { return ansi.Truncate(s, max(0, w), "…") }
