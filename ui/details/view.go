package details

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

// headerRows is the screen's own header: the domain line plus the source
// warnings line when there are warnings.
func (m *Model) headerRows() int {
	if len(m.warnings) > 0 {
		return 2
	}
	return 1
}

func (m *Model) bodyHeight() int { return max(0, m.h-m.headerRows()) }

// pageWidth is the page pane's outer width.
func (m *Model) pageWidth() int {
	if m.wide() {
		return m.w - listWidth
	}
	return m.w
}

// pageInner is the room inside the page pane below its title: the size
// the NIC form gets.
func (m *Model) pageInner() (int, int) {
	h := m.bodyHeight() - 3
	if m.runtimeShown() {
		h -= runtimeRows
	}
	return max(1, m.pageWidth()-4), max(1, h)
}

// listRows is how many device rows fit in the list pane.
func (m *Model) listRows() int { return max(1, m.bodyHeight()-2) }

// View implements common.Screen.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	st := m.ctx.Styles
	lines := []string{m.header()}
	if len(m.warnings) > 0 {
		lines = append(lines, st.Muted.Render(clip(present.Safe("sources: "+strings.Join(m.warnings, "; ")), m.w)))
	}
	bh := m.bodyHeight()
	var body string
	switch {
	case m.d == nil && m.loadErr != nil:
		body = st.Error.Render(clip("cannot load "+m.name+": "+m.loadErr.Error(), m.w)) + "\n" +
			st.Muted.Render(clip("r retry · esc back", m.w))
	case m.d == nil:
		body = st.Muted.Render(m.spin.View() + " loading " + m.name + "…")
	case m.wide():
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.listPane(listWidth, bh), m.pagePane(m.pageWidth(), bh))
	case m.focus == focusPage:
		body = m.pagePane(m.w, bh)
	default:
		body = m.listPane(m.w, bh)
	}
	lines = append(lines, strings.Split(body, "\n")...)
	lines = celltext.Fit(lines, m.w, m.h)
	return strings.Join(lines, "\n")
}

// header says which domain this is and, when it matters, what an edit will
// reach: a stopped domain's edits change only its configuration.
func (m *Model) header() string {
	st := m.ctx.Styles
	s := st.Title.Render(present.Safe(m.name))
	if m.ctx.ShowHost {
		s += st.Muted.Render(" on " + present.Safe(m.ctx.HostName()))
	}
	if m.d != nil {
		s += " — " + st.State(m.d.Info.State)
		switch {
		case !m.d.Info.Persistent:
			s += st.Muted.Render("  · transient: no configuration to edit")
		case !m.d.Info.State.Active():
			s += st.Muted.Render("  · not running: edits change the configuration only")
		}
	}
	if m.loading && m.d != nil || m.busy {
		s += "  " + st.Muted.Render(m.spin.View()+" working…")
	}
	return clip(s, m.w)
}

func (m *Model) paneStyle(active bool) lipgloss.Style {
	if active {
		return m.ctx.Styles.PaneActive
	}
	return m.ctx.Styles.Pane
}

// listPane is the device list, w×h including its border. The cursor row
// has a "›" so the selection reads without colour.
func (m *Model) listPane(w, h int) string {
	st := m.ctx.Styles
	inner := max(1, w-2)
	rows := m.listRows()
	var out []string
	for i := m.listTop; i < len(m.items) && len(out) < rows; i++ {
		label := m.rowLabel(i)
		marker := "  "
		if i == m.sel {
			marker = "› "
		}
		line := celltext.PadRight(clip(marker+label, inner), inner)
		switch {
		case i == m.sel && m.focus == focusList:
			line = st.Selected.Render(line)
		case i == m.sel:
			line = st.Focused.Render(line)
		}
		out = append(out, line)
	}
	return m.paneStyle(m.focus == focusList).Width(inner).Height(max(1, h-2)).
		Render(strings.Join(out, "\n"))
}

// pagePane is the selected device's page, w×h including its border.
func (m *Model) pagePane(w, h int) string {
	st := m.ctx.Styles
	focused := m.focus == focusPage
	iw, ih := m.pageInner()
	it := m.item()
	var title, content string
	switch {
	case it == nil:
		content = st.Muted.Render("no devices")
	case m.adding:
		title = st.Title.Render(st.PaneTitle("New NIC", focused)) + "  " + st.Pending.Render("not added yet: ctrl+s add · esc cancel")
		content = m.form.View()
	case m.form != nil:
		title = st.Title.Render(st.PaneTitle(present.Safe(it.Label), focused))
		if m.Dirty() {
			title += "  " + st.Pending.Render("modified: ctrl+s apply · ctrl+r revert")
		}
		n := m.d.NICs[m.formIdx]
		if !n.Editable && n.NotEditableReason != "" {
			title += "  " + st.Muted.Render("not editable")
		}
		if note := m.findingsNote(n); note != "" {
			title += "  " + note
		}
		content = m.form.View()
		if m.runtimeShown() {
			content = fitRows(content, ih) + "\n" + m.runtimeView(iw)
			ih += runtimeRows
		}
	default:
		title = st.Title.Render(st.PaneTitle(present.Safe(it.Label), focused))
		content = m.summary(iw, ih)
	}
	lines := append([]string{clip(title, iw)}, strings.Split(content, "\n")...)
	lines = celltext.Fit(lines, iw, ih+1)
	return m.paneStyle(m.focus == focusPage).Width(max(1, w-2)).Height(max(1, h-2)).Padding(0, 1).
		Render(strings.Join(lines, "\n"))
}

// summary renders a read-only page's rows as "label  value", scrolled;
// only the visible rows are rendered.
func (m *Model) summary(w, h int) string {
	st := m.ctx.Styles
	it := m.item()
	if len(it.Rows) == 0 {
		return st.Muted.Render("nothing more to show for this device")
	}
	lw := 0
	for _, r := range it.Rows {
		lw = max(lw, present.Width(r[0])+1)
	}
	lw = min(lw, w/2)
	end := min(len(it.Rows), m.scroll+h)
	more := len(it.Rows) - end
	if more > 0 {
		end--
		more++
	}
	var out []string
	for _, r := range it.Rows[m.scroll:end] {
		label := celltext.PadRight(clip(present.Safe(r[0])+":", lw), lw)
		out = append(out, st.Label.Render(label)+" "+st.Value.Render(clip(present.Safe(r[1]), max(1, w-lw-1))))
	}
	if more > 0 {
		out = append(out, st.Muted.Render(fmt.Sprintf("↓ %d more", more)))
	}
	return strings.Join(out, "\n")
}

// fitList scrolls the device list so the selection is in view. Like
// clampScroll it runs when selection or size change, never in View.
func (m *Model) fitList() {
	m.listTop = scroll.Follow(m.listTop, m.sel, m.listRows(), len(m.items))
}

func (m *Model) clampScroll() {
	it := m.item()
	if it == nil {
		m.scroll = 0
		return
	}
	_, h := m.pageInner()
	m.scroll = max(0, min(m.scroll, len(it.Rows)-h))
}

// rowLabel is a device list row: a NIC also says its kind and source
// ("NIC :3a:10:01  macvtap eth1 private"), * when it has unapplied edits
// and ⏻ when the running guest still has an older setting.
func (m *Model) rowLabel(i int) string {
	it := m.items[i]
	label := present.Safe(it.Label)
	if it.Kind == "nic" && m.d != nil && it.NICIndex >= 0 && it.NICIndex < len(m.d.NICs) {
		n := m.d.NICs[it.NICIndex]
		var sr *model.SRIOV
		if m.ctx.Survey != nil {
			sr = &m.ctx.Survey.SRIOV
		}
		label += "  " + present.Safe(present.NICSummaryOn(n, sr))
		if len(n.Pending) > 0 {
			label += " ⏻"
		}
	}
	if i == m.sel && m.Dirty() && !m.adding {
		label += " *"
	}
	return label
}

// clip shortens s to w columns with an ellipsis.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fitRows pads or cuts s to exactly h lines, so what follows it sits at a
// fixed place.
func fitRows(s string, h int) string {
	lines := strings.Split(s, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:h], "\n")
}
