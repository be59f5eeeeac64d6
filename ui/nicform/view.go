package nicform

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/celltext"
	"virtnic/ui/scroll"
)

// Texts fixed by docs/tui.md and virt-manager.
const (
	title          = "Virtual Network Interface"
	macvtapWarning = "In most configurations, macvtap does not work for host to guest network communication."
	afterShutdown  = "⏻ after shutdown"
	pendingText    = "pending: differs from running guest"
)

// follow scrolls so the focused row is in view. It runs after every change
// (Update, SetSize, FocusField…), never in View, which changes no state.
func (m *Model) follow() {
	if p := m.picker; p != nil {
		_, _, rows, shown := m.pickerLayout()
		p.offset = scroll.Follow(p.offset, p.cursor, rows, len(shown))
		return
	}
	header := m.headerLines()
	body, spans := m.bodyLines()
	bodyH := max(m.height-len(header), 1)
	span := spans[m.focus]
	if span[0] < m.offset {
		m.offset = span[0]
	}
	if span[1] >= m.offset+bodyH {
		m.offset = span[1] - bodyH + 1
	}
	if span[1]-span[0]+1 > bodyH {
		m.offset = span[0] // a row with many problems: show its start
	}
	m.offset = min(max(m.offset, 0), max(len(body)-bodyH, 0))
}

// rowPrefix is the focus mark plus the label column and a space.
const rowPrefix = 2 + labelWidth + 1

// View renders the form, or the open picker in its place. Only the lines
// that fit the page are returned; the focused row is always among them.
func (m *Model) View() string {
	if m.picker != nil {
		return m.pickerView()
	}
	header := m.headerLines()
	body, _ := m.bodyLines()
	bodyH := max(m.height-len(header), 1)
	offset := min(max(m.offset, 0), max(len(body)-bodyH, 0))
	end := min(offset+bodyH, len(body))

	var more string
	switch up, down := offset > 0, end < len(body); {
	case up && down:
		more = "↑↓ more"
	case up:
		more = "↑ more"
	case down:
		more = "↓ more"
	}
	if more != "" {
		header[0] += "  " + m.st.Muted.Render(more)
	}
	lines := append(header, body[offset:end]...)
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// headerLines stay on top while the fields scroll: they say what kind of
// edit this is (not editable, config only) and what the last choice did.
func (m *Model) headerLines() []string {
	st := m.st
	out := []string{st.Title.Render(title)}
	if !m.loaded.Editable {
		out = append(out, m.wrapped(0, st.Warning, "not editable: "+m.loaded.NotEditableReason)...)
	}
	if m.info.Name != "" && !m.running {
		out = append(out, m.wrapped(0, st.Muted, fmt.Sprintf("domain is %s: changes apply at next start", m.info.State))...)
	}
	if m.notice != "" {
		out = append(out, m.wrapped(0, st.Warning, m.notice)...)
	}
	return out
}

// bodyLines renders every shown row with its notes and problems; spans
// holds each row's first and last line for scrolling.
func (m *Model) bodyLines() ([]string, map[fieldID][2]int) {
	st := m.st
	edited := m.Edited()
	vis := m.visible()
	shown := make(map[fieldID]bool, len(vis))
	for _, f := range vis {
		shown[f] = true
	}
	place := func(name string) fieldID {
		f := m.engineField(name)
		if !shown[f] {
			return vis[0]
		}
		return f
	}

	markers := make(map[fieldID][]string)
	if m.running {
		for _, c := range model.PlanIn(m.loaded, edited, true, m.ectx.Networks) {
			if !c.Live {
				f := place(c.Field)
				markers[f] = append(markers[f], afterShutdown)
			}
		}
	}
	for _, p := range m.loaded.Pending {
		f := place(p)
		markers[f] = append(markers[f], pendingText)
	}
	probs := make(map[fieldID][]model.Problem)
	for _, p := range m.Problems() {
		f := place(p.Field)
		probs[f] = append(probs[f], p)
	}

	valueW := max(m.width-rowPrefix, 1)
	indent := 4
	if valueW >= 40 {
		indent = rowPrefix
	}

	var lines []string
	spans := make(map[fieldID][2]int, len(vis))
	for _, f := range vis {
		start := len(lines)
		if t := sectionTitle(f); t != "" {
			lines = append(lines, st.Section.Render(t))
		}
		lines = append(lines, m.rowLines(f, valueW, indent, markers[f])...)
		lines = append(lines, m.rowNotes(f, indent)...)
		for _, p := range probs[f] {
			style, sym := st.Error, "✗ "
			if p.Severity == model.SeverityWarning {
				style, sym = st.Warning, "! "
			}
			lines = append(lines, m.problemLines(indent, style, sym, p.Message)...)
		}
		spans[f] = [2]int{start, len(lines) - 1}
		if f == fMTU || (f == fLink && !shown[fMTU]) {
			lines = append(lines, m.bandwidthLines()...)
		}
	}
	return lines, spans
}

// sectionTitle is the heading a row opens, "" for none.
func sectionTitle(f fieldID) string {
	switch f {
	case fVPType:
		return "Virtual port"
	case fVLANMode:
		return "VLAN"
	}
	return ""
}

// rowLines is a row: focus mark, label, value and its markers (on the
// same line when they fit, else on the next).
func (m *Model) rowLines(f fieldID, valueW, indent int, markers []string) []string {
	st := m.st
	mark, label := "  ", st.Label.Render(celltext.PadRight(labels[f], labelWidth))
	if f == m.focus {
		mark, label = st.Focused.Render("▸ "), st.Focused.Render(celltext.PadRight(labels[f], labelWidth))
	}
	val := m.valueView(f, valueW)
	row := mark + label + " " + val
	mk := strings.Join(markers, " · ")
	switch {
	case mk == "":
		return []string{row}
	case ansi.StringWidth(val)+2+ansi.StringWidth(mk) <= valueW:
		return []string{row + "  " + st.Pending.Render(mk)}
	}
	return []string{row, strings.Repeat(" ", indent) + st.Pending.Render(mk)}
}

// rowNotes are the muted explanations under a row: what the source is
// (a VF, a hostdev NIC), what the mode means, what an untyped port is.
func (m *Model) rowNotes(f fieldID, indent int) []string {
	st := m.st
	var out []string
	switch f {
	case fSource:
		for _, note := range m.sourceNotes() {
			out = append(out, m.wrapped(indent, st.Muted, note)...)
		}
	case fMode:
		out = append(out, m.wrapped(indent, st.Muted, model.ModeHelp(m.nic.Mode))...)
		out = append(out, m.problemLines(indent, st.Warning, "! ", macvtapWarning)...)
	case fVPType:
		if m.vpType == vpTypeless {
			out = append(out, m.wrapped(indent, st.Muted, "untyped: libvirt merges these parameters with the network's virtual port")...)
		}
	case fVLANMode:
		for _, note := range m.vlanNotes() {
			out = append(out, m.wrapped(indent, st.Muted, note)...)
		}
	}
	return out
}

// valueView renders a row's value within w cells.
func (m *Model) valueView(f fieldID, w int) string {
	st := m.st
	if f.isText() {
		in := &m.inputs[f]
		if f == m.focus && m.canEdit() {
			// textinput pads to Width; the padding would push the
			// markers away from the value.
			return strings.TrimRight(in.View(), " ")
		}
		v := in.Value()
		if v == "" {
			ph := placeholders[f]
			if ph == "" {
				ph = "—"
			}
			return st.Muted.Render(ansi.Truncate(ph, w, "…"))
		}
		return st.Value.Render(ansi.Truncate(v, w, "…"))
	}
	var label string
	switch {
	case f == fSource && m.manual:
		label = manualLabel
	case f == fSource:
		label = present.Safe(m.sourceLabel(m.nic.Kind, m.nic.Source()))
		if m.hostLoading {
			label = ansi.Truncate(label, max(w-len(loadingNote), 8), "…")
			return st.Value.Render(label) + st.Muted.Render(loadingNote)
		}
	default:
		opts, cur := m.options(f)
		if cur >= 0 {
			label = opts[cur].label
		}
	}
	return st.Value.Render(ansi.Truncate(present.Safe(label), w, "…"))
}

// loadingNote marks the source while the host's sources are being read.
const loadingNote = " · reading host…"

// problemLines renders a message with a symbol, so severity reads without
// colour, and a hanging indent under it.
func (m *Model) problemLines(indent int, style lipgloss.Style, sym, msg string) []string {
	msg = present.Safe(msg) // messages quote names, a host link's included
	w := max(m.width-indent-ansi.StringWidth(sym), 8)
	var out []string
	for i, l := range celltext.Wrap(msg, w) {
		p := sym
		if i > 0 {
			p = strings.Repeat(" ", ansi.StringWidth(sym))
		}
		out = append(out, strings.Repeat(" ", indent)+style.Render(p+l))
	}
	return out
}

func (m *Model) wrapped(indent int, style lipgloss.Style, msg string) []string {
	msg = present.Safe(msg)
	var out []string
	for _, l := range celltext.Wrap(msg, max(m.width-indent, 8)) {
		out = append(out, strings.Repeat(" ", indent)+style.Render(l))
	}
	return out
}
